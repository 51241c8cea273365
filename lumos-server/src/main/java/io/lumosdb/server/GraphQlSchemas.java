package io.lumosdb.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.GraphQL;
import graphql.Scalars;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeReference;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GraphQL schema of the database, made from its tables and made again when the schema changes.
 *
 * <p>Each request reads SQLite's {@code PRAGMA schema_version} (a counter in the file header that every
 * DDL statement, from any connection, increments; one page read) and compares it with the version the
 * current schema was built at; only a change builds anew, under a lock, once. The version is read before
 * the catalog, so a DDL racing a build leaves an older version recorded and the next request rebuilds.
 *
 * <p>Each table (not views: they have no key to page by) is a field of {@code Query} returning a
 * connection ({@link GraphQlTable}); {@code vectorSearch} and {@code recall} answer what
 * {@code /v1/collections/{name}/search} and {@code /v1/memories/recall} answer, through the same code.
 */
final class GraphQlSchemas {
    static final int MAX_DEPTH = 20;
    static final int MAX_COMPLEXITY = 20_000;
    private static final List<String> FIXED_FIELDS = List.of("vectorSearch", "recall");
    private static final List<String> FIXED_TYPES = List.of("Query", "PageInfo", "SortDirection", "VectorSearch", "VectorHit",
            "SearchPlan", "Memory", "String", "Int", "Float", "Boolean", "ID", "Long", "DateTime", "JSON");

    private record Built(long version, GraphQL graphql) {}

    private final ServerState state;
    private final CollectionEndpoints collections;
    private final MemoryEndpoints memories;
    private final Object buildLock = new Object();
    private volatile Built built;

    GraphQlSchemas(ServerState state, CollectionEndpoints collections, MemoryEndpoints memories) {
        this.state = state;
        this.collections = collections;
        this.memories = memories;
    }

    /** The GraphQL of the schema as it is now. */
    GraphQL current() throws SQLException {
        long version = state.db.query(Route.OLTP, "PRAGMA schema_version").rows().get(0).getLong(0);
        Built b = built;
        if (b != null && b.version() == version) {
            return b.graphql();
        }
        synchronized (buildLock) {
            b = built;
            if (b == null || b.version() != version) {
                b = new Built(version, build());
                built = b;
            }
            return b.graphql();
        }
    }

    private GraphQL build() throws SQLException {
        GraphQlNames fields = new GraphQlNames(FIXED_FIELDS.toArray(String[]::new));
        List<String> reserved = new ArrayList<>(FIXED_TYPES);
        for (GraphQlColumnKind k : GraphQlColumnKind.values()) {
            reserved.add(k.filterName());
        }
        GraphQlNames types = new GraphQlNames(reserved.toArray(String[]::new));
        List<GraphQlTable> tables = new ArrayList<>();
        for (Row r : TableEndpoints.catalog(state.db).rows()) {
            if (r.getString(1).equals("table")) {
                tables.add(GraphQlTable.read(state.db, r.getString(0), fields, types));
            }
        }
        GraphQLObjectType.Builder query = GraphQLObjectType.newObject().name("Query")
                .description("Lumos-DB: the tables, vector search and agent memory (read-only; write through /v1)");
        GraphQLCodeRegistry.Builder code = GraphQLCodeRegistry.newCodeRegistry();
        List<GraphQLNamedType> extra = new ArrayList<>(fixedTypes());
        for (GraphQlTable t : tables) {
            query.field(t.queryField());
            extra.addAll(t.types());
            code.dataFetcher(FieldCoordinates.coordinates("Query", t.field()), (DataFetcher<Object>) env -> {
                GraphQlEndpoint.principal(env).requireUnbound("reading tables");
                return t.page(state, env);
            });
        }
        query.field(vectorSearchField());
        query.field(recallField());
        code.dataFetcher(FieldCoordinates.coordinates("Query", "vectorSearch"), (DataFetcher<Object>) this::vectorSearch);
        code.dataFetcher(FieldCoordinates.coordinates("Query", "recall"), (DataFetcher<Object>) this::recall);
        GraphQLSchema schema = GraphQLSchema.newSchema().query(query.build()).codeRegistry(code.build())
                .additionalTypes(new java.util.LinkedHashSet<>(extra)).build();
        return GraphQL.newGraphQL(schema)
                .instrumentation(new ChainedInstrumentation(List.of(new MaxQueryDepthInstrumentation(MAX_DEPTH),
                        new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY, GraphQlSchemas::complexity))))
                .defaultDataFetcherExceptionHandler(GraphQlEndpoint::problem)
                .build();
    }

    /**
     * What a field costs: one, plus what it selects; a list field that reads rows costs a base (a query)
     * plus what it selects times a tenth of the rows it may return. So aliases that repeat a costly field
     * add up, and a deep or wide selection of many rows is refused before anything runs.
     */
    private static int complexity(graphql.analysis.FieldComplexityEnvironment env, int child) {
        if (env.getParentType() == null || !"Query".equals(env.getParentType().getName()) || env.getField().getName().startsWith("__")) {
            return 1 + child;
        }
        String name = env.getField().getName();
        Object n = env.getArguments().get(name.equals("vectorSearch") || name.equals("recall") ? "k" : "first");
        long rows = n instanceof Number x ? Math.max(1, x.longValue()) : GraphQlTable.DEFAULT_FIRST;
        long base = name.equals("recall") ? 50 : name.equals("vectorSearch") ? 20 : 10;
        return (int) Math.min(Integer.MAX_VALUE / 2, base + (long) Math.max(1, child) * Math.max(1, rows / 10));
    }

    private Object vectorSearch(DataFetchingEnvironment env) throws SQLException {
        ObjectNode request = Json.MAPPER.valueToTree(env.getArguments());
        request.remove("collection");
        ObjectNode out = collections.search(GraphQlEndpoint.principal(env), env.getArgument("collection"), request);
        return Json.MAPPER.convertValue(out, Map.class);
    }

    private Object recall(DataFetchingEnvironment env) throws SQLException {
        ObjectNode out = memories.recall(GraphQlEndpoint.principal(env), Json.MAPPER.valueToTree(env.getArguments()));
        return Json.MAPPER.convertValue(out.get("memories"), List.class);
    }

    // ---------------------------------------------------------------- fixed types

    private static List<GraphQLNamedType> fixedTypes() {
        List<GraphQLNamedType> out = new ArrayList<>();
        for (GraphQlColumnKind k : GraphQlColumnKind.values()) {
            out.add(k.filterType());
        }
        out.add(GraphQLEnumType.newEnum().name("SortDirection").value("ASC").value("DESC").build());
        out.add(object("PageInfo", "Where a page ends", ordered("hasNextPage", GraphQLNonNull.nonNull(Scalars.GraphQLBoolean),
                "endCursor", Scalars.GraphQLString)));
        out.add(object("VectorHit", "A point found", ordered("id", GraphQLNonNull.nonNull(Scalars.GraphQLString),
                "score", GraphQLNonNull.nonNull(Scalars.GraphQLFloat), "metadata", ExtendedScalars.Json)));
        out.add(object("SearchPlan", "How the search ran (docs/vectors.md)", ordered("strategy", GraphQLNonNull.nonNull(Scalars.GraphQLString),
                "reason", Scalars.GraphQLString, "estimatedSelectivity", Scalars.GraphQLFloat, "estimatedMatches", ExtendedScalars.GraphQLLong,
                "candidates", ExtendedScalars.GraphQLLong)));
        out.add(object("VectorSearch", "Hits, best first, and the plan", ordered(
                "hits", GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef("VectorHit")))),
                "plan", GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef("SearchPlan")))));
        Map<String, GraphQLOutputType> memory = ordered("id", GraphQLNonNull.nonNull(Scalars.GraphQLString),
                "text", GraphQLNonNull.nonNull(Scalars.GraphQLString), "score", Scalars.GraphQLFloat, "user", Scalars.GraphQLString,
                "agent", Scalars.GraphQLString, "session", Scalars.GraphQLString, "kind", GraphQLNonNull.nonNull(Scalars.GraphQLString),
                "importance", Scalars.GraphQLFloat, "at", GraphQLNonNull.nonNull(ExtendedScalars.DateTime));
        memory.put("validTo", ExtendedScalars.DateTime);
        memory.put("supersededBy", Scalars.GraphQLString);
        memory.put("seen", Scalars.GraphQLInt);
        memory.put("metadata", ExtendedScalars.Json);
        memory.put("confidence", Scalars.GraphQLFloat);
        memory.put("parts", ExtendedScalars.Json);
        out.add(object("Memory", "A memory recalled, with its score", memory));
        return out;
    }

    private static Map<String, GraphQLOutputType> ordered(Object... namesAndTypes) {
        Map<String, GraphQLOutputType> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            m.put((String) namesAndTypes[i], (GraphQLOutputType) namesAndTypes[i + 1]);
        }
        return m;
    }

    private static GraphQLObjectType object(String name, String description, Map<String, ? extends GraphQLOutputType> fields) {
        GraphQLObjectType.Builder b = GraphQLObjectType.newObject().name(name).description(description);
        fields.forEach((f, t) -> b.field(GraphQLFieldDefinition.newFieldDefinition().name(f).type(t)));
        return b.build();
    }

    private static GraphQLFieldDefinition vectorSearchField() {
        return GraphQLFieldDefinition.newFieldDefinition().name("vectorSearch")
                .description("Nearest points of a collection, as POST /v1/collections/{name}/search")
                .type(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef("VectorSearch")))
                .argument(arg("collection", GraphQLNonNull.nonNull(Scalars.GraphQLString)))
                .argument(arg("vector", GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLFloat)))))
                .argument(GraphQLArgument.newArgument().name("k").type(Scalars.GraphQLInt).defaultValueProgrammatic(10))
                .argument(arg("filter", Scalars.GraphQLString))
                .argument(arg("text", Scalars.GraphQLString))
                .build();
    }

    private static GraphQLFieldDefinition recallField() {
        return GraphQLFieldDefinition.newFieldDefinition().name("recall")
                .description("Agent memory recall (dense + keyword + recency), as POST /v1/memories/recall")
                .type(GraphQLNonNull.nonNull(GraphQLList.list(GraphQLNonNull.nonNull(GraphQLTypeReference.typeRef("Memory")))))
                .argument(arg("query", GraphQLNonNull.nonNull(Scalars.GraphQLString)))
                .argument(arg("user", Scalars.GraphQLString))
                .argument(arg("agent", Scalars.GraphQLString))
                .argument(arg("session", Scalars.GraphQLString))
                .argument(GraphQLArgument.newArgument().name("k").type(Scalars.GraphQLInt).defaultValueProgrammatic(10))
                .argument(arg("filter", Scalars.GraphQLString))
                .argument(arg("kinds", GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLString))))
                .argument(GraphQLArgument.newArgument().name("includeSuperseded").type(Scalars.GraphQLBoolean).defaultValueProgrammatic(false))
                .build();
    }

    private static GraphQLArgument arg(String name, graphql.schema.GraphQLInputType type) {
        return GraphQLArgument.newArgument().name(name).type(type).build();
    }
}
