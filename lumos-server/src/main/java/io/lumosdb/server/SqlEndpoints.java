package io.lumosdb.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.Freshness;
import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.ResultStream;
import io.lumosdb.Route;
import io.lumosdb.Row;
import io.lumosdb.StatementKind;
import io.lumosdb.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/sql} and {@code POST /v1/batch}. A statement's kind is the library's own reading of it
 * ({@link LumosDB#kind}), never a pattern over the text: a read runs through {@code query} or
 * {@code stream}, which run nothing but reads, so a read key cannot change anything whatever it sends;
 * anything else needs the write role.
 */
final class SqlEndpoints {
    static final String NDJSON = "application/x-ndjson";
    private static final int MAX_BATCH = 1_000;
    private static final int FLUSH_EVERY_ROWS = 256;

    private final ServerState state;

    SqlEndpoints(ServerState state) {
        this.state = state;
    }

    /** {@code POST /v1/sql}. */
    void sql(Context ctx) throws Exception {
        Principal who = RequestGate.principal(ctx);
        who.requireUnbound("SQL");
        ObjectNode request = Json.body(ctx);
        String sql = Json.text(request, "sql", true);
        Object[] params = SqlValues.parameters(request, "");
        Route route = route(Json.text(request, "route", false));
        Freshness freshness = freshness(Json.text(request, "freshness", false));
        long timeoutMs = state.timeoutMs(request);
        boolean int64AsString = "string".equals(ctx.queryParam("int64"));
        StatementKind kind = state.db.kind(sql);
        if (kind != StatementKind.READ) {
            who.require(Role.WRITE, "run " + kind.name().toLowerCase(Locale.ROOT) + " statements");
            long start = System.nanoTime();
            long changed;
            try {
                changed = state.deadline.run(timeoutMs,
                        () -> state.writes.write(List.of(new WriteExecutor.Statement(sql, params)), false, timeoutMs))[0];
            } catch (SQLExceptionAt e) {
                throw e.original; // one statement: no index to name
            }
            ctx.contentType("application/json").result(written(changed, start));
            return;
        }
        state.writes.beforeRead(Json.text(request, "consistency", false), timeoutMs);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains(NDJSON)) {
            if (route != null || freshness != null) {
                throw ApiProblem.badRequest("'route' and 'freshness' are not available with NDJSON streaming: a stream"
                        + " takes the route the router picks");
            }
            stream(ctx, sql, params, timeoutMs, int64AsString, ticket(ctx, who));
            return;
        }
        if (route != null && freshness != null) {
            throw ApiProblem.badRequest("give 'route' or 'freshness', not both: a forced route reads the replica as it is asked");
        }
        QueryResult r = state.deadline.run(timeoutMs, ticket(ctx, who), () -> route != null ? state.db.query(route, sql, params)
                : freshness != null ? state.db.query(freshness, sql, params) : state.db.query(sql, params));
        ctx.contentType("application/json").result(result(r, int64AsString));
    }

    /** {@code POST /v1/batch}: every statement in one transaction (all or none), or each on its own. */
    void batch(Context ctx) throws Exception {
        Principal who = RequestGate.principal(ctx);
        who.requireUnbound("SQL");
        ObjectNode request = Json.body(ctx);
        List<JsonNode> items = Json.array(request, "statements", true);
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw ApiProblem.badRequest("'statements' must hold 1 to " + MAX_BATCH + " statements, held " + items.size());
        }
        boolean transaction = Json.bool(request, "transaction", true);
        long timeoutMs = state.timeoutMs(request);
        boolean int64AsString = "string".equals(ctx.queryParam("int64"));
        List<String> sqls = new ArrayList<>();
        List<Object[]> params = new ArrayList<>();
        List<StatementKind> kinds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw ApiProblem.badRequest("statements[" + i + "] must be an object {\"sql\": ..., \"params\": [...]}");
            }
            String sql = Json.text(item, "sql", true);
            sqls.add(sql);
            params.add(SqlValues.parameters(item, "statements[" + i + "]."));
            StatementKind kind = atStatement(i, () -> state.db.kind(sql));
            if (kind != StatementKind.READ) {
                who.require(Role.WRITE, "run " + kind.name().toLowerCase(Locale.ROOT) + " statements (statements[" + i + "])");
            }
            kinds.add(kind);
        }
        long start = System.nanoTime();
        boolean reads = kinds.contains(StatementKind.READ);
        boolean writes = kinds.stream().anyMatch(k -> k != StatementKind.READ);
        List<Object> results;
        if (writes && !reads) {
            List<WriteExecutor.Statement> statements = new ArrayList<>();
            for (int i = 0; i < sqls.size(); i++) {
                statements.add(new WriteExecutor.Statement(sqls.get(i), params.get(i)));
            }
            long[] changed = state.deadline.run(timeoutMs, () -> state.writes.write(statements, transaction, timeoutMs));
            results = new ArrayList<>();
            for (long c : changed) {
                results.add(c);
            }
        } else {
            if (writes) {
                state.writes.beforeLocalWrite("a batch that both reads and writes");
            } else {
                state.writes.beforeRead(Json.text(request, "consistency", false), timeoutMs);
            }
            results = state.deadline.run(timeoutMs, writes ? null : ticket(ctx, who), () -> transaction
                    ? state.db.transaction(tx -> runAll(tx, sqls, params, kinds))
                    : runAll(null, sqls, params, kinds));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (Object r : results) {
                if (r instanceof QueryResult q) {
                    writeResult(g, q, int64AsString);
                } else {
                    g.writeStartObject();
                    g.writeArrayFieldStart("columns");
                    g.writeEndArray();
                    g.writeArrayFieldStart("rows");
                    g.writeEndArray();
                    g.writeNumberField("rowsChanged", (Long) r);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeBooleanField("transaction", transaction);
            g.writeNumberField("elapsedMs", millis(start));
            g.writeEndObject();
        }
        ctx.contentType("application/json").result(out.toByteArray());
    }

    private List<Object> runAll(Transaction tx, List<String> sqls, List<Object[]> params, List<StatementKind> kinds) throws SQLException {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < sqls.size(); i++) {
            String sql = sqls.get(i);
            Object[] args = params.get(i);
            boolean read = kinds.get(i) == StatementKind.READ;
            out.add(atStatement(i, () -> read ? (tx != null ? tx.query(sql, args) : state.db.query(sql, args))
                    : (Object) (tx != null ? tx.update(sql, args) : state.db.update(sql, args))));
        }
        return out;
    }

    /** Runs {@code work} for statement {@code i}, naming it in the error. */
    private static <T> T atStatement(int i, StatementDeadline.Work<T> work) throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new SQLExceptionAt(i, e);
        }
    }

    /**
     * {@code DELETE /v1/queries/{id}}: cancels the read running under request id {@code id} (the
     * {@code X-Request-Id} its client sent), if this key sent it or is an admin key; 204, or 404 when no
     * such statement runs for this key (finished already, never started, or another key's).
     */
    void cancel(Context ctx) {
        Principal who = RequestGate.principal(ctx);
        String id = ctx.pathParam("id");
        if (!state.deadline.cancel(id, who)) {
            throw ApiProblem.notFound("no statement of this key is running under request id '" + id + "' (it may have finished)");
        }
        ctx.status(204);
    }

    /** The ticket a read runs under: its request id, the key's id. */
    private static StatementDeadline.Ticket ticket(Context ctx, Principal who) {
        return new StatementDeadline.Ticket(RequestIds.of(ctx), who.name());
    }

    private void stream(Context ctx, String sql, Object[] params, long timeoutMs, boolean int64AsString,
            StatementDeadline.Ticket ticket) throws Exception {
        long start = System.nanoTime();
        state.deadline.run(timeoutMs, ticket, () -> {
            try (ResultStream rows = state.db.stream(sql, params)) {
                ctx.contentType(NDJSON);
                OutputStream out = ctx.outputStream();
                long n = 0;
                try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
                    g.setRootValueSeparator(new SerializedString("\n")); // one JSON value per line
                    g.writeStartObject();
                    g.writeObjectField("columns", rows.columns());
                    g.writeStringField("route", rows.decision().route().name());
                    g.writeStringField("reason", rows.decision().reason());
                    g.writeEndObject();
                    for (Row row : rows) {
                        writeRow(g, row, int64AsString);
                        if (++n % FLUSH_EVERY_ROWS == 0) {
                            g.flush();
                        }
                    }
                    g.writeStartObject();
                    g.writeNumberField("rowCount", n);
                    g.writeNumberField("elapsedMs", millis(start));
                    g.writeEndObject();
                    g.writeRaw('\n');
                } catch (IOException e) {
                    throw new SQLException("the client stopped reading the stream after " + n + " rows: " + e, "08006", e);
                }
            }
            return null;
        });
    }

    static byte[] result(QueryResult r, boolean int64AsString) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            writeResult(g, r, int64AsString);
        }
        return out.toByteArray();
    }

    private static void writeResult(JsonGenerator g, QueryResult r, boolean int64AsString) throws IOException {
        g.writeStartObject();
        g.writeObjectField("columns", r.columns());
        g.writeArrayFieldStart("rows");
        for (Row row : r.rows()) {
            writeRow(g, row, int64AsString);
        }
        g.writeEndArray();
        g.writeStringField("route", r.route().name());
        g.writeStringField("reason", r.decision().reason());
        g.writeNumberField("elapsedMs", Math.round(r.elapsed().toNanos() / 1e3) / 1e3);
        g.writeNumberField("rowsChanged", 0);
        g.writeBooleanField("fromCache", r.fromCache());
        g.writeEndObject();
    }

    static void writeRow(JsonGenerator g, Row row, boolean int64AsString) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < row.size(); i++) {
            SqlValues.write(g, row.get(i), int64AsString);
        }
        g.writeEndArray();
    }

    private static byte[] written(long changed, long start) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            g.writeEndArray();
            g.writeStringField("route", Route.OLTP.name());
            g.writeStringField("reason", "writes and DDL run on SQLite, the source of truth");
            g.writeNumberField("elapsedMs", millis(start));
            g.writeNumberField("rowsChanged", changed);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static double millis(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e3) / 1e3;
    }

    static Route route(String name) {
        if (name == null || name.equalsIgnoreCase("auto")) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "oltp" -> Route.OLTP;
            case "olap" -> Route.OLAP;
            default -> throw ApiProblem.badRequest("'route' must be auto, oltp or olap, was '" + name + "'");
        };
    }

    /** {@code strict}, {@code any} or {@code bounded:<duration>} ({@code bounded:2s}, {@code bounded:500ms}, {@code bounded:PT2S}). */
    static Freshness freshness(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("strict")) {
            return Freshness.STRICT;
        }
        if (t.equals("any")) {
            return Freshness.ANY;
        }
        if (t.startsWith("bounded:")) {
            return Freshness.boundedStaleness(duration(t.substring(8), "freshness"));
        }
        throw ApiProblem.badRequest("'freshness' must be strict, any or bounded:<duration> (bounded:2s), was '" + text + "'");
    }

    static Duration duration(String text, String field) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("'" + field + "' holds '" + text + "', not a duration (500ms, 2s, 5m, 1h, 7d, PT2S)");
        }
    }
}
