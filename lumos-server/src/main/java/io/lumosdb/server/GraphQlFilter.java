package io.lumosdb.server;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A table's {@code where} argument (GraphQL's, or the REST rows' {@code where} as {@link RowFilter} checked it) as SQL: each column's conditions joined by AND, and {@code and},
 * {@code or}, {@code not} over nested filters. Values are always bound parameters, columns always quoted
 * names from the schema (GraphQL validated the field names against it), so nothing a caller sends
 * becomes SQL text. The tree is bounded: {@value #MAX_DEPTH} levels, {@value #MAX_TERMS} conditions,
 * {@value #MAX_IN} values in one {@code in}; beyond, a clear error.
 */
final class GraphQlFilter {
    static final int MAX_DEPTH = 32;
    static final int MAX_TERMS = 1_000;
    static final int MAX_IN = 1_000;

    private final Function<String, GraphQlTable.Column> columns;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> args;
    private int terms;

    private GraphQlFilter(Function<String, GraphQlTable.Column> columns, List<Object> args) {
        this.columns = columns;
        this.args = args;
    }

    /**
     * The SQL condition of {@code where} (never empty: "1" when it holds nothing), its values added to
     * {@code args}; {@code columns} finds a field's column (or throws a 400 naming it).
     */
    static String toSql(Function<String, GraphQlTable.Column> columns, Map<String, Object> where, List<Object> args) {
        GraphQlFilter f = new GraphQlFilter(columns, args);
        f.filter(where, "where", 1);
        return f.sql.toString();
    }

    @SuppressWarnings("unchecked")
    private void filter(Map<String, Object> where, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw ApiProblem.badRequest(path + ": filters nest at most " + MAX_DEPTH + " deep");
        }
        int before = sql.length();
        sql.append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : where.entrySet()) {
            String field = e.getKey();
            Object value = e.getValue();
            if (value == null) {
                continue; // an absent condition (GraphQL passes explicit nulls): nothing to hold
            }
            if (!first) {
                sql.append(" AND ");
            }
            first = false;
            switch (field) {
                case "and", "or" -> {
                    List<Map<String, Object>> parts = (List<Map<String, Object>>) value;
                    if (parts.isEmpty()) {
                        sql.append(field.equals("and") ? "1" : "0");
                        break;
                    }
                    sql.append('(');
                    for (int i = 0; i < parts.size(); i++) {
                        if (i > 0) {
                            sql.append(field.equals("and") ? " AND " : " OR ");
                        }
                        filter(parts.get(i), path + "." + field + "[" + i + "]", depth + 1);
                    }
                    sql.append(')');
                }
                case "not" -> {
                    sql.append("NOT ");
                    filter((Map<String, Object>) value, path + ".not", depth + 1);
                }
                default -> column(columns.apply(field), (Map<String, Object>) value, path + "." + field);
            }
        }
        if (first) {
            sql.setLength(before);
            sql.append('1');
        } else {
            sql.append(')');
        }
    }

    private void column(GraphQlTable.Column c, Map<String, Object> conditions, String path) {
        String name = TableEndpoints.quote(c.name());
        sql.append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : conditions.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (++terms > MAX_TERMS) {
                throw ApiProblem.badRequest("the filter has more than " + MAX_TERMS + " conditions");
            }
            if (!first) {
                sql.append(" AND ");
            }
            first = false;
            String where = path + "." + e.getKey();
            switch (e.getKey()) {
                case "eq" -> compare(name, "=", c, v, where);
                case "ne" -> compare(name, "<>", c, v, where);
                case "lt" -> compare(name, "<", c, v, where);
                case "lte" -> compare(name, "<=", c, v, where);
                case "gt" -> compare(name, ">", c, v, where);
                case "gte" -> compare(name, ">=", c, v, where);
                case "like" -> compare(name, "LIKE", c, v, where);
                case "isNull" -> sql.append(name).append(Boolean.TRUE.equals(v) ? " IS NULL" : " IS NOT NULL");
                case "in" -> {
                    List<?> values = (List<?>) v;
                    if (values.size() > MAX_IN) {
                        throw ApiProblem.badRequest(where + " holds " + values.size() + " values; at most " + MAX_IN);
                    }
                    if (values.isEmpty()) {
                        sql.append('0');
                        break;
                    }
                    sql.append(name).append(" IN (");
                    for (int i = 0; i < values.size(); i++) {
                        sql.append(i == 0 ? "?" : ", ?");
                        args.add(c.kind().bind(values.get(i), where + "[" + i + "]"));
                    }
                    sql.append(')');
                }
                default -> throw ApiProblem.badRequest(where + " is not a condition"); // the schema has no other
            }
        }
        if (first) {
            sql.append('1');
        }
        sql.append(')');
    }

    private void compare(String name, String op, GraphQlTable.Column c, Object v, String where) {
        sql.append(name).append(' ').append(op).append(" ?");
        args.add(c.kind().bind(v, where));
    }
}
