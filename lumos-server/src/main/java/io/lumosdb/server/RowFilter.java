package io.lumosdb.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code orderBy} and {@code where} parameters of {@code GET /v1/tables/{name}/rows}, read strictly
 * against the table: every column named must be one of its columns, every condition one of
 * {@link #CONDITIONS}, every value a JSON scalar (or the API's {@code {"$blob": ...}}-style values); the
 * result is the same filter tree GraphQL's {@code where} gives {@link GraphQlFilter}, which quotes the
 * column names and binds the values. Nothing of the request becomes SQL text.
 *
 * <pre>{@code
 * RowFilter f = RowFilter.of(db, "orders");
 * List<KeysetOrder.Order> order = f.orderBy(List.of("amount:desc"));
 * String condition = f.where("{\"status\":{\"eq\":\"open\"}}", args);
 * }</pre>
 */
final class RowFilter {
    /** The conditions a column takes. */
    static final Set<String> CONDITIONS = Set.of("eq", "ne", "lt", "lte", "gt", "gte", "like", "in", "isNull");
    /** The longest {@code where} read (a query string; Jetty refuses longer URLs anyway). */
    static final int MAX_WHERE_CHARS = 8_192;

    private final String table;
    private final Map<String, GraphQlTable.Column> columns = new LinkedHashMap<>();

    private RowFilter(String table) {
        this.table = table;
    }

    /** The filter reader of the user's table {@code table} (which the caller found in the catalog). */
    static RowFilter of(LumosDB db, String table) throws SQLException {
        RowFilter f = new RowFilter(table);
        for (Row c : db.query(Route.OLTP, "PRAGMA table_xinfo(" + TableEndpoints.quote(table) + ")").rows()) {
            if (c.getLong("hidden") != 1) {
                String name = c.getString("name");
                f.columns.put(name, new GraphQlTable.Column(name, name, GraphQlColumnKind.ANY));
            }
        }
        return f;
    }

    private GraphQlTable.Column column(String name, String where) {
        GraphQlTable.Column c = columns.get(name);
        if (c == null) {
            throw ApiProblem.badRequest(where + ": table '" + table + "' has no column '" + name + "'");
        }
        return c;
    }

    /**
     * The order of {@code orderBy} values: {@code column}, or {@code column:asc} / {@code column:desc}
     * (a column whose name holds a colon needs the direction: {@code "a:b:asc"}).
     */
    List<KeysetOrder.Order> orderBy(List<String> values) {
        if (values.size() > KeysetOrder.MAX_ORDER_BY) {
            throw ApiProblem.badRequest("'orderBy' holds " + values.size() + " columns; at most " + KeysetOrder.MAX_ORDER_BY);
        }
        List<KeysetOrder.Order> out = new ArrayList<>();
        for (String v : values) {
            int colon = v.lastIndexOf(':');
            String name = v;
            boolean descending = false;
            if (colon >= 0) {
                String direction = v.substring(colon + 1).toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw ApiProblem.badRequest("'orderBy' is column, column:asc or column:desc; '" + v + "' ends in '"
                            + v.substring(colon + 1) + "' (a column whose name holds ':' needs the direction)");
                }
                name = v.substring(0, colon);
                descending = direction.equals("desc");
            }
            out.add(new KeysetOrder.Order(column(name, "orderBy").name(), descending));
        }
        return out;
    }

    /** The SQL condition of the {@code where} parameter (null or empty: "1"), its values added to {@code args}. */
    String where(String text, List<Object> args) {
        if (text == null || text.isBlank()) {
            return "1";
        }
        if (text.length() > MAX_WHERE_CHARS) {
            throw ApiProblem.badRequest("'where' is " + text.length() + " characters long; at most " + MAX_WHERE_CHARS);
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("'where' is not JSON: " + e.getOriginalMessage());
        }
        return GraphQlFilter.toSql(f -> column(f, "where"), filter(tree, "where", 1), args);
    }

    /** {@code node} checked as a filter object, as the plain map {@link GraphQlFilter} reads. */
    private Map<String, Object> filter(JsonNode node, String path, int depth) {
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest(path + " must be an object of columns (and 'and', 'or', 'not'), like {\"amount\":{\"gt\":10}}");
        }
        if (depth > GraphQlFilter.MAX_DEPTH) {
            throw ApiProblem.badRequest(path + ": filters nest at most " + GraphQlFilter.MAX_DEPTH + " deep");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = e.getKey();
            JsonNode v = e.getValue();
            String at = path + "." + field;
            switch (field) {
                case "and", "or" -> {
                    if (!v.isArray()) {
                        throw ApiProblem.badRequest(at + " must be an array of filters");
                    }
                    List<Object> parts = new ArrayList<>();
                    for (int i = 0; i < v.size(); i++) {
                        parts.add(filter(v.get(i), at + "[" + i + "]", depth + 1));
                    }
                    out.put(field, parts);
                }
                case "not" -> out.put(field, filter(v, at, depth + 1));
                default -> out.put(column(field, path).name(), conditions(v, at));
            }
        }
        return out;
    }

    private static Map<String, Object> conditions(JsonNode node, String path) {
        if (!node.isObject() || node.isEmpty()) {
            throw ApiProblem.badRequest(path + " must be an object of conditions " + new java.util.TreeSet<>(CONDITIONS) + ", like {\"eq\": 5}");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String op = e.getKey();
            JsonNode v = e.getValue();
            String at = path + "." + op;
            if (!CONDITIONS.contains(op)) {
                throw ApiProblem.badRequest(at + " is not a condition; the conditions are " + new java.util.TreeSet<>(CONDITIONS));
            }
            switch (op) {
                case "isNull" -> {
                    if (!v.isBoolean()) {
                        throw ApiProblem.badRequest(at + " must be true or false");
                    }
                    out.put(op, v.booleanValue());
                }
                case "in" -> {
                    if (!v.isArray()) {
                        throw ApiProblem.badRequest(at + " must be an array of values");
                    }
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < v.size(); i++) {
                        values.add(value(v.get(i), at + "[" + i + "]"));
                    }
                    out.put(op, values);
                }
                default -> out.put(op, value(v, at));
            }
        }
        return out;
    }

    /** A value to compare with: a JSON scalar or one of the API's typed values ({@code {"$blob": ...}}), checked now. */
    private static Object value(JsonNode v, String path) {
        if (v.isNull()) {
            throw ApiProblem.badRequest(path + " is null: no value equals NULL in SQL; use {\"isNull\": true}");
        }
        if (v.isArray()) {
            throw ApiProblem.badRequest(path + " must be a single value, not an array");
        }
        SqlValues.parameter(v, path); // a 400 naming the path for a malformed typed value
        return Json.MAPPER.convertValue(v, Object.class);
    }
}
