package io.lumosdb.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.cache.CacheStatistics;
import io.lumosdb.sync.SyncStatus;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Health, status, the OpenAPI document and backups. {@code /livez} says the process answers;
 * {@code /readyz} that the database is open and the replica's lag is under the server's threshold (a load
 * balancer sends traffic elsewhere meanwhile). Neither needs a key, nor says more than that.
 */
final class OperationsEndpoints {
    static final String OPENAPI_RESOURCE = "/io/lumosdb/server/openapi.json";

    private final ServerState state;
    private final RequestGate gate;
    private final byte[] openApi;

    OperationsEndpoints(ServerState state, RequestGate gate) {
        this.state = state;
        this.gate = gate;
        try (InputStream in = OperationsEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Gauge.builder("lumos.server.ready", this, o -> o.notReady() == null ? 1 : 0).description("1 while /readyz answers 200")
                .strongReference(true).register(gate.telemetry().registry());
    }

    void livez(Context ctx) {
        ctx.contentType("application/json").result("{\"status\":\"live\"}");
    }

    void readyz(Context ctx) throws SQLException {
        String why = notReady();
        if (why != null) {
            throw new ApiProblem(503, "Not ready", why);
        }
        ctx.contentType("application/json").result("{\"status\":\"ready\"}");
    }

    /** Why the server is not ready, or null if it is (for {@code /readyz} and the {@code lumos.server.ready} gauge). */
    private String notReady() {
        if (state.db.isClosed() || gate.draining()) {
            return "the database is closed or the server is shutting down";
        }
        SyncStatus s;
        try {
            s = state.db.sync().status();
        } catch (SQLException e) {
            return "the replica's status cannot be read: " + e.getMessage();
        }
        if (s.rebuilding().isPresent()) {
            return "the replica is being rebuilt: " + s.rebuilding().get();
        }
        if (s.lag().compareTo(state.settings.readyMaxLag()) > 0) {
            return "the replica is " + s.lag().toMillis() + " ms behind; the threshold is " + state.settings.readyMaxLag().toMillis() + " ms";
        }
        return null;
    }

    void status(Context ctx) throws SQLException, IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("version", version());
        body.put("startedAt", state.started.toString());
        body.put("directory", state.db.directory().getFileName() == null ? "" : state.db.directory().getFileName().toString());
        SyncStatus s = state.db.sync().status();
        ObjectNode sync = body.putObject("sync");
        sync.put("caughtUp", s.caughtUp());
        sync.put("appliedSequence", s.appliedSequence());
        sync.put("pendingChanges", s.pendingChanges());
        sync.put("lagMs", s.lag().toMillis());
        sync.put("lastError", s.lastError().orElse(null));
        sync.put("rebuilding", s.rebuilding().orElse(null));
        CacheStatistics c = state.db.cache().stats();
        ObjectNode cache = body.putObject("cache");
        cache.put("hitRatio", c.hitRatio());
        cache.put("l1Bytes", c.l1Bytes());
        cache.put("l2Bytes", c.l2Bytes());
        ObjectNode sizes = body.putObject("sizes");
        sizes.put("sqliteBytes", size(state.db.directory().resolve("lumos.sqlite")));
        sizes.put("duckdbBytes", size(state.db.directory().resolve("lumos.duckdb")));
        sizes.put("tables", state.db.replicatedTables().size());
        sizes.put("collections", state.db.vectors().names().size());
        caller(body.putObject("caller"), RequestGate.principal(ctx));
        ctx.contentType("application/json").result(Json.write(body));
    }

    /** Who sent the request (role, user and collection bindings): what a client, the console first, may show it. */
    private static void caller(ObjectNode out, Principal who) {
        out.put("role", who.role().label());
        out.put("user", who.user());
        if (who.collections() == null) {
            out.putNull("collections");
        } else {
            out.set("collections", Json.MAPPER.valueToTree(List.copyOf(who.collections())));
        }
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    /** {@code GET /v1/admin/backup}: a consistent snapshot, written to a temporary file then streamed. */
    void backup(Context ctx) throws SQLException, IOException {
        Path tmp = Files.createTempDirectory(state.db.directory(), ".backup-"); // same file system as the database
        Path file = tmp.resolve("backup.sqlite");
        try {
            state.db.backupTo(file);
            ctx.contentType("application/vnd.sqlite3");
            ctx.header("Content-Disposition", "attachment; filename=\"lumos-" + Instant.now().toString().replace(':', '-') + ".sqlite\"");
            // no Content-Length: a browser asks for gzip, and Javalin compresses what goes through outputStream()
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(ctx.outputStream());
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(tmp);
        }
    }

    private static long size(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    static String version() {
        String v = OperationsEndpoints.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
