package io.lumosdb.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /v1/tables}: the user's tables and views (Lumos-DB's own {@code _lumos_} objects and SQLite's
 * are left out), one table's columns, indexes and row count, and its rows page by page.
 *
 * <p>Paging is by key, never by OFFSET (which reads and drops every row before the page): rows come in
 * key order, and the cursor is the last key of the page, so each page is one index seek on SQLite
 * whatever its depth. The key is the rowid, or the primary key of a {@code WITHOUT ROWID} table. The
 * cursor is opaque to clients (base64url of the key's values); a write between pages moves nothing:
 * the next page starts after the last key seen.
 *
 * <p>Rows may also be sorted and filtered over the whole table: {@code orderBy=amount:desc} (repeated,
 * up to 8 columns; the key follows, so the order is total and the cursor holds the sort key's values)
 * and {@code where={"status":{"eq":"open"}}} (GraphQL's filter shape with the table's column names),
 * both read strictly by {@link RowFilter} ({@link KeysetOrder} writes the keyset condition).
 */
final class TableEndpoints {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1_000;

    private final ServerState state;

    TableEndpoints(ServerState state) {
        this.state = state;
    }

    void list(Context ctx) throws SQLException {
        RequestGate.principal(ctx).requireUnbound("the tables API");
        ArrayNode tables = Json.MAPPER.createArrayNode();
        for (Row r : catalog().rows()) {
            tables.addObject().put("name", r.getString(0)).put("type", r.getString(1));
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("tables", tables);
        ctx.contentType("application/json").result(Json.write(out));
    }

    void describe(Context ctx) throws SQLException {
        RequestGate.principal(ctx).requireUnbound("the tables API");
        String name = ctx.pathParam("name");
        String type = typeOf(name);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("type", type);
        ArrayNode columns = out.putArray("columns");
        for (Row c : state.db.query(Route.OLTP, "PRAGMA table_info(" + quote(name) + ")").rows()) {
            ObjectNode col = columns.addObject();
            col.put("name", c.getString("name"));
            col.put("type", c.getString("type"));
            col.put("notNull", c.getLong("notnull") != 0);
            col.put("primaryKey", c.getLong("pk") != 0);
            col.put("default", c.getString("dflt_value"));
        }
        ArrayNode indexes = out.putArray("indexes");
        for (Row i : state.db.query(Route.OLTP, "PRAGMA index_list(" + quote(name) + ")").rows()) {
            ObjectNode idx = indexes.addObject();
            String index = i.getString("name");
            idx.put("name", index);
            idx.put("unique", i.getLong("unique") != 0);
            idx.put("origin", i.getString("origin"));
            ArrayNode cols = idx.putArray("columns");
            for (Row ic : state.db.query(Route.OLTP, "PRAGMA index_info(" + quote(index) + ")").rows()) {
                cols.add(ic.getString("name"));
            }
        }
        out.put("rowCount", state.db.query("SELECT count(*) FROM " + quote(name)).rows().get(0).getLong(0));
        if (type.equals("table")) {
            out.put("withoutRowid", keyColumns(name).size() > 1 || !keyColumns(name).get(0).equals(rowidName(name)));
        }
        ctx.contentType("application/json").result(Json.write(out));
    }

    void rows(Context ctx) throws SQLException, IOException {
        RequestGate.principal(ctx).requireUnbound("the tables API");
        String name = ctx.pathParam("name");
        if (!typeOf(name).equals("table")) {
            throw ApiProblem.badRequest("'" + name + "' is a view: views have no key to page by; query it with /v1/sql");
        }
        int limit = limit(ctx.queryParam("limit"));
        RowFilter filter = RowFilter.of(state.db, name);
        List<KeysetOrder.Order> order = KeysetOrder.total(filter.orderBy(ctx.queryParams("orderBy")), keyColumns(name));
        List<Object> args = new ArrayList<>();
        String where = filter.where(ctx.queryParam("where"), args);
        Object[] after = decodeCursor(ctx.queryParam("cursor"), order.size());
        StringBuilder sql = new StringBuilder("SELECT ");
        for (KeysetOrder.Order o : order) {
            sql.append(quote(o.column())).append(", ");
        }
        sql.append("* FROM ").append(quote(name)).append(" WHERE ").append(where);
        if (after != null) {
            sql.append(" AND ").append(KeysetOrder.after(order, after, args));
        }
        sql.append(" ORDER BY ").append(KeysetOrder.orderBy(order)).append(" LIMIT ").append(limit + 1);
        QueryResult page = state.deadline.run(state.settings.statementTimeout().toMillis(),
                () -> state.db.query(Route.OLTP, sql.toString(), args.toArray()));
        int keys = order.size();
        boolean more = page.size() > limit;
        boolean int64AsString = "string".equals(ctx.queryParam("int64"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectField("columns", page.columns().subList(keys, page.columns().size()));
            g.writeArrayFieldStart("rows");
            int n = Math.min(limit, page.size());
            for (int r = 0; r < n; r++) {
                g.writeStartArray();
                Row row = page.rows().get(r);
                for (int c = keys; c < row.size(); c++) {
                    SqlValues.write(g, row.get(c), int64AsString);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeStringField("nextCursor", more ? encodeCursor(page.rows().get(limit - 1), keys) : null);
            g.writeEndObject();
        }
        ctx.contentType("application/json").result(out.toByteArray());
    }

    private QueryResult catalog() throws SQLException {
        return catalog(state.db);
    }

    /** The user's tables and views by name: {@code name, type}. */
    static QueryResult catalog(LumosDB db) throws SQLException {
        return db.query(Route.OLTP, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND substr(name, 1, 7) <> '_lumos_' ORDER BY name");
    }

    /** The type of the user's table or view {@code name}, or 404. */
    private String typeOf(String name) throws SQLException {
        for (Row r : catalog().rows()) {
            if (r.getString(0).equals(name)) {
                return r.getString(1);
            }
        }
        throw ApiProblem.notFound("no table or view named '" + name + "'");
    }

    /** The columns rows are ordered and paged by: the rowid, or a WITHOUT ROWID table's primary key. */
    private List<String> keyColumns(String table) throws SQLException {
        return keyColumns(state.db, table);
    }

    /** The columns {@code table}'s rows are ordered and paged by: the rowid, or a WITHOUT ROWID table's primary key. */
    static List<String> keyColumns(LumosDB db, String table) throws SQLException {
        Optional<Row> listed = db.query(Route.OLTP, "PRAGMA table_list(" + quote(table) + ")").rows().stream()
                .filter(r -> "main".equals(r.getString("schema"))).findFirst();
        boolean withoutRowid = listed.isPresent() && listed.get().getLong("wr") != 0;
        if (!withoutRowid) {
            return List.of(rowidName(db, table));
        }
        List<Row> cols = new ArrayList<>(db.query(Route.OLTP, "PRAGMA table_info(" + quote(table) + ")").rows());
        cols.removeIf(c -> c.getLong("pk") == 0);
        cols.sort((a, b) -> Long.compare(a.getLong("pk"), b.getLong("pk")));
        return cols.stream().map(c -> c.getString("name")).toList();
    }

    /** A name for the rowid that no column of the table shadows. */
    private String rowidName(String table) throws SQLException {
        return rowidName(state.db, table);
    }

    private static String rowidName(LumosDB db, String table) throws SQLException {
        List<String> names = db.query(Route.OLTP, "PRAGMA table_info(" + quote(table) + ")").rows().stream()
                .map(r -> r.getString("name").toLowerCase(Locale.ROOT)).toList();
        for (String candidate : new String[] {"rowid", "_rowid_", "oid"}) {
            if (!names.contains(candidate)) {
                return candidate;
            }
        }
        throw ApiProblem.badRequest("table '" + table + "' has columns named rowid, _rowid_ and oid: its rows cannot be paged by rowid");
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw ApiProblem.badRequest("'limit' must be an integer from 1 to " + MAX_LIMIT + ", was '" + text + "'");
    }

    static String encodeCursor(Row last, int keys) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < keys; i++) {
                SqlValues.write(g, last.get(i), false);
            }
            g.writeEndArray();
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    static Object[] decodeCursor(String cursor, int keys) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            JsonNode values = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (values == null || !values.isArray() || values.size() != keys) {
                throw new IllegalArgumentException("not " + keys + " key values");
            }
            Object[] out = new Object[keys];
            for (int i = 0; i < keys; i++) {
                out[i] = SqlValues.parameter(values.get(i), "cursor");
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw ApiProblem.badRequest("'cursor' is not a cursor this table gave (pass nextCursor back as it came)");
        }
    }

    /** {@code name} as a SQL identifier. */
    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
