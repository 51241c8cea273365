package io.lumosdb.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.sync.VerifyReport;
import java.sql.SQLException;

/**
 * Admin-only views of the running server: {@code POST /v1/admin/sync/verify} compares the replica with
 * SQLite table by table (and copies a table that differs again, as {@code lumos sync verify} does), and
 * {@code GET /v1/admin/config} shows the settings the server runs with. The configuration view names
 * whether a secret is set, never the secret (no TLS password, no JWT key, no API key), and the database's
 * directory by its last name only.
 */
final class AdminEndpoints {
    private final ServerState state;

    AdminEndpoints(ServerState state) {
        this.state = state;
    }

    /** {@code POST /v1/admin/sync/verify}. */
    void verify(Context ctx) throws SQLException {
        VerifyReport report = state.db.sync().verify();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("consistent", report.consistent());
        out.put("tookMs", report.took().toMillis());
        ArrayNode tables = out.putArray("tables");
        for (VerifyReport.TableCheck t : report.tables()) {
            tables.addObject().put("table", t.table()).put("sqliteRows", t.sqliteRows()).put("replicaRows", t.replicaRows())
                    .put("matched", t.matched()).put("repaired", t.repaired()).put("problem", t.problem().orElse(null));
        }
        ctx.contentType("application/json").result(Json.write(out));
    }

    /** {@code GET /v1/admin/config}. */
    void config(Context ctx) {
        ServerSettings s = state.settings;
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("version", OperationsEndpoints.version());
        out.put("host", s.host());
        out.put("port", ctx.port()); // the port it listens on (the setting may be 0: any free port)
        out.put("authentication", s.auth());
        out.put("tls", s.tlsKeystore() != null);
        out.put("maxBodyBytes", s.maxBodyBytes());
        out.put("rateLimitPerSecond", s.rateLimitPerSecond());
        out.put("statementTimeoutMs", s.statementTimeout().toMillis());
        out.put("readyMaxLagMs", s.readyMaxLag().toMillis());
        out.put("drainTimeoutMs", s.drainTimeout().toMillis());
        out.set("corsOrigins", Json.MAPPER.valueToTree(s.corsOrigins()));
        ObjectNode backups = out.putObject("backups");
        backups.put("scheduled", s.backupDirectory() != null);
        backups.put("everySeconds", s.backupEvery() == null ? null : s.backupEvery().toSeconds());
        backups.put("kept", s.backupsKept());
        out.put("directory", state.db.directory().getFileName() == null ? "" : state.db.directory().getFileName().toString());
        out.put("replicatedTables", state.db.replicatedTables().size());
        AgentMemory memory = state.memoryIfOpen();
        if (memory == null) {
            out.putNull("embedder"); // opened on first use of memory or search by text
        } else {
            out.putObject("embedder").put("model", memory.embedder().modelId()).put("dimensions", memory.embedder().dimensions());
        }
        ctx.contentType("application/json").result(Json.write(out));
    }
}
