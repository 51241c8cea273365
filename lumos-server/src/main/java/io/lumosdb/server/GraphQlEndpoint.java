package io.lumosdb.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.parser.ParserOptions;
import graphql.schema.DataFetchingEnvironment;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /graphql}: {@code {"query", "variables", "operationName"}} answered with
 * {@code {"data", "errors"}} (the GraphQL over HTTP draft). Read-only: the schema has no mutations.
 *
 * <p>Every request is hostile until shown otherwise, so the work is bounded before anything runs: the
 * document has at most {@value #MAX_QUERY_CHARS} characters and 15,000 tokens and the parser nests at most
 * {@value #MAX_PARSE_DEPTH} rules; the operation at most {@value GraphQlSchemas#MAX_DEPTH} levels deep and a
 * complexity of {@value GraphQlSchemas#MAX_COMPLEXITY} (aliases add up; see {@link GraphQlSchemas}); filters
 * are bounded by {@link GraphQlFilter}. A request refused there, or a document that does not parse or
 * validate, is a 400 with {@code errors} and no {@code data}; once execution starts the answer is 200, and a
 * field that fails carries the REST API's status and title in its error's {@code extensions}.
 *
 * <p>Who may read what is the REST API's rule: the gate checks the key (the read role); a table needs a
 * key bound neither to a user nor to collections, {@code vectorSearch} a collection the key may use,
 * {@code recall} runs in a user-bound key's own scope.
 */
final class GraphQlEndpoint {
    static final int MAX_QUERY_CHARS = 100_000;
    static final int MAX_PARSE_DEPTH = 100;
    private static final String PRINCIPAL = "lumos.principal";
    private static final String REQUEST_ID = "lumos.requestId";
    private static final ParserOptions PARSER = ParserOptions.getDefaultOperationParserOptions().transform(o -> o
            .maxCharacters(MAX_QUERY_CHARS).maxTokens(15_000).maxRuleDepth(MAX_PARSE_DEPTH));

    private final GraphQlSchemas schemas;

    GraphQlEndpoint(ServerState state, CollectionEndpoints collections, MemoryEndpoints memories) {
        this.schemas = new GraphQlSchemas(state, collections, memories);
    }

    /** {@code POST /graphql}. */
    void graphql(Context ctx) throws SQLException {
        ObjectNode body = Json.body(ctx);
        String query = Json.text(body, "query", true);
        if (query.length() > MAX_QUERY_CHARS) {
            throw ApiProblem.badRequest("the query has " + query.length() + " characters; at most " + MAX_QUERY_CHARS);
        }
        JsonNode variables = body.get("variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            throw ApiProblem.badRequest("field 'variables' must be an object, was " + Json.kind(variables));
        }
        Map<Object, Object> context = new LinkedHashMap<>();
        context.put(PRINCIPAL, RequestGate.principal(ctx));
        context.put(REQUEST_ID, RequestIds.of(ctx));
        context.put(ParserOptions.class, PARSER);
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput(query)
                .operationName(Json.text(body, "operationName", false))
                .graphQLContext(context);
        if (variables != null && variables.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> vars = Json.MAPPER.convertValue(variables, Map.class);
            input.variables(vars);
        }
        ExecutionResult result = schemas.current().execute(input.build());
        ctx.status(result.isDataPresent() ? 200 : 400).contentType("application/json").result(Json.write(result.toSpecification()));
    }

    /** Who sent the request a field is fetched for. */
    static Principal principal(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(PRINCIPAL);
    }

    /** A failing field as an error with the REST API's status and title (a 500's cause goes to the log by request id). */
    static CompletableFuture<DataFetcherExceptionHandlerResult> problem(DataFetcherExceptionHandlerParameters p) {
        Throwable e = p.getException();
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        ApiProblem problem = Problems.of(e, p.getDataFetchingEnvironment().getGraphQlContext().get(REQUEST_ID));
        GraphQLError error = GraphqlErrorBuilder.newError().message(problem.getMessage()).path(p.getPath())
                .location(p.getSourceLocation()).extensions(Map.of("status", problem.status(), "title", problem.title())).build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }
}
