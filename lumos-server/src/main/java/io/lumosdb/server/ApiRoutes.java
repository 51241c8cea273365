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
 * <p>To add an endpoint (e.g. {@code POST /graphql}), add a line here and its operation to the OpenAPI
 * document. {@code GET /metrics} (Prometheus) belongs here too, with {@link Access#METRICS}.
 */
final class ApiRoutes {
    /** One route. */
    record ApiRoute(HandlerType method, String path, Access access, Handler handler) {}

    private ApiRoutes() {}

    static List<ApiRoute> all(ServerState state, RequestGate gate) {
        OperationsEndpoints ops = new OperationsEndpoints(state, gate);
        SqlEndpoints sql = new SqlEndpoints(state);
        KeyEndpoints keys = new KeyEndpoints(state);
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
        // SQL and tables
        r.add(new ApiRoute(HandlerType.POST, "/v1/sql", Access.READ, sql::sql));
        r.add(new ApiRoute(HandlerType.POST, "/v1/batch", Access.READ, sql::batch));
        return r;
    }
}
