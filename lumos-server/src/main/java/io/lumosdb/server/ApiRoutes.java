package io.lumosdb.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the server, in one place: method, path, who may call it, handler. The server registers
 * exactly these, each through the {@link RequestGate}; the OpenAPI document
 * ({@code src/main/resources/io/lumosdb/server/openapi.json}) describes exactly these, which a test
 * checks against the routes Javalin actually registered.
 *
 * <p>To add an endpoint, add a line here and its operation to the OpenAPI
 * document.
 */
final class ApiRoutes {
    /** One route. */
    record ApiRoute(HandlerType method, String path, Access access, Handler handler) {}

    private ApiRoutes() {}

    static List<ApiRoute> all(ServerState state, RequestGate gate) {
        OperationsEndpoints ops = new OperationsEndpoints(state, gate);
        SqlEndpoints sql = new SqlEndpoints(state);
        TableEndpoints tables = new TableEndpoints(state);
        CollectionEndpoints collections = new CollectionEndpoints(state);
        MemoryEndpoints memories = new MemoryEndpoints(state);
        KeyEndpoints keys = new KeyEndpoints(state);
        AdminEndpoints admin = new AdminEndpoints(state);
        GraphQlEndpoint graphql = new GraphQlEndpoint(state, collections, memories);
        List<ApiRoute> r = new ArrayList<>();
        // operations
        r.add(new ApiRoute(HandlerType.GET, "/livez", Access.PUBLIC, ops::livez));
        r.add(new ApiRoute(HandlerType.GET, "/readyz", Access.PUBLIC, ops::readyz));
        r.add(new ApiRoute(HandlerType.GET, "/v1/openapi.json", Access.PUBLIC, ops::openApi));
        r.add(new ApiRoute(HandlerType.GET, "/v1/status", Access.READ, ops::status));
        r.add(new ApiRoute(HandlerType.GET, "/v1/admin/backup", Access.ADMIN, ops::backup));
        r.add(new ApiRoute(HandlerType.POST, "/v1/admin/keys", Access.ADMIN, keys::create));
        r.add(new ApiRoute(HandlerType.GET, "/v1/admin/keys", Access.ADMIN, keys::list));
        r.add(new ApiRoute(HandlerType.DELETE, "/v1/admin/keys/{id}", Access.ADMIN, keys::revoke));
        r.add(new ApiRoute(HandlerType.POST, "/v1/admin/sync/verify", Access.ADMIN, admin::verify));
        r.add(new ApiRoute(HandlerType.GET, "/v1/admin/config", Access.ADMIN, admin::config));
        r.add(new ApiRoute(HandlerType.GET, "/metrics", Access.METRICS, gate.telemetry()::scrape));
        r.add(new ApiRoute(HandlerType.GET, "/v1/admin/slow-queries", Access.METRICS, gate.telemetry().slowQueries()::list));
        r.add(new ApiRoute(HandlerType.GET, "/v1/admin/log-levels", Access.ADMIN, LogLevelEndpoints::list));
        r.add(new ApiRoute(HandlerType.PUT, "/v1/admin/log-levels/{logger}", Access.ADMIN, LogLevelEndpoints::set));
        // SQL and tables
        r.add(new ApiRoute(HandlerType.POST, "/v1/sql", Access.READ, sql::sql));
        r.add(new ApiRoute(HandlerType.POST, "/v1/batch", Access.READ, sql::batch));
        r.add(new ApiRoute(HandlerType.DELETE, "/v1/queries/{id}", Access.READ, sql::cancel));
        r.add(new ApiRoute(HandlerType.GET, "/v1/tables", Access.READ, tables::list));
        r.add(new ApiRoute(HandlerType.GET, "/v1/tables/{name}", Access.READ, tables::describe));
        r.add(new ApiRoute(HandlerType.GET, "/v1/tables/{name}/rows", Access.READ, tables::rows));
        // vector collections
        r.add(new ApiRoute(HandlerType.GET, "/v1/collections", Access.READ, collections::list));
        r.add(new ApiRoute(HandlerType.PUT, "/v1/collections/{name}", Access.WRITE, collections::create));
        r.add(new ApiRoute(HandlerType.GET, "/v1/collections/{name}", Access.READ, collections::describe));
        r.add(new ApiRoute(HandlerType.DELETE, "/v1/collections/{name}", Access.WRITE, collections::drop));
        r.add(new ApiRoute(HandlerType.PUT, "/v1/collections/{name}/points", Access.WRITE, collections::upsert));
        r.add(new ApiRoute(HandlerType.GET, "/v1/collections/{name}/points/{id}", Access.READ, collections::point));
        r.add(new ApiRoute(HandlerType.DELETE, "/v1/collections/{name}/points/{id}", Access.WRITE, collections::deletePoint));
        r.add(new ApiRoute(HandlerType.POST, "/v1/collections/{name}/search", Access.READ, collections::search));
        // agent memory
        r.add(new ApiRoute(HandlerType.POST, "/v1/memories", Access.WRITE, memories::remember));
        r.add(new ApiRoute(HandlerType.GET, "/v1/memories", Access.READ, memories::list));
        r.add(new ApiRoute(HandlerType.POST, "/v1/memories/recall", Access.READ, memories::recall));
        r.add(new ApiRoute(HandlerType.GET, "/v1/memories/{id}", Access.READ, memories::get));
        r.add(new ApiRoute(HandlerType.DELETE, "/v1/memories/{id}", Access.WRITE, memories::forget));
        r.add(new ApiRoute(HandlerType.POST, "/v1/memories/{id}/supersede", Access.WRITE, memories::supersede));
        r.add(new ApiRoute(HandlerType.GET, "/v1/memories/{id}/history", Access.READ, memories::history));
        r.add(new ApiRoute(HandlerType.GET, "/v1/sessions/{session}/messages", Access.READ, memories::messages));
        r.add(new ApiRoute(HandlerType.POST, "/v1/sessions/{session}/messages", Access.WRITE, memories::appendMessages));
        // GraphQL (read-only)
        r.add(new ApiRoute(HandlerType.POST, "/graphql", Access.READ, graphql::graphql));
        return r;
    }
}
