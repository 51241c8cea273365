package io.lumosdb.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a keyset page and the condition "after this cursor", shared by {@code GET
 * /v1/tables/{name}/rows} and GraphQL's table fields. The requested columns come first, then the
 * table's key columns not among them, so the order is total and a cursor (the ordering values of a
 * row) names one place: the next page starts strictly after it, one index seek when an index serves
 * the order, and writes between pages move nothing. Column names reaching here are the table's own
 * (checked by the caller), always quoted; cursor values are always bound.
 */
final class KeysetOrder {
    /** At most this many requested columns. */
    static final int MAX_ORDER_BY = 8;

    /** One column of the order. */
    record Order(String column, boolean descending) {}

    private KeysetOrder() {}

    /** {@code requested} (columns the caller checked against the table), then the key columns not in it. */
    static List<Order> total(List<Order> requested, List<String> key) {
        if (requested.size() > MAX_ORDER_BY) {
            throw ApiProblem.badRequest("'orderBy' holds " + requested.size() + " columns; at most " + MAX_ORDER_BY);
        }
        List<Order> out = new ArrayList<>();
        for (Order o : requested) {
            if (out.stream().anyMatch(x -> x.column().equals(o.column()))) {
                throw ApiProblem.badRequest("'orderBy' names column '" + o.column() + "' twice");
            }
            out.add(o);
        }
        for (String k : key) {
            if (out.stream().noneMatch(x -> x.column().equals(k))) {
                out.add(new Order(k, false));
            }
        }
        return out;
    }

    /** The SQL {@code ORDER BY} list of {@code order}. */
    static String orderBy(List<Order> order) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < order.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(TableEndpoints.quote(order.get(i).column())).append(order.get(i).descending() ? " DESC" : "");
        }
        return sql.toString();
    }

    /**
     * Rows strictly after {@code values} in {@code order}: for some i, equal on the first i columns and
     * after on column i. SQLite sorts NULL first, so after NULL ascending is any value, and after a value
     * descending is a smaller one or NULL; {@code IS} compares NULLs as equal.
     */
    static String after(List<Order> order, Object[] values, List<Object> args) {
        List<String> ways = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Order o = order.get(i);
            String c = TableEndpoints.quote(o.column());
            String step;
            List<Object> stepArgs = new ArrayList<>();
            if (values[i] == null) {
                if (o.descending()) {
                    continue; // nothing sorts after NULL descending: later columns decide
                }
                step = c + " IS NOT NULL";
            } else {
                step = o.descending() ? "(" + c + " < ? OR " + c + " IS NULL)" : c + " > ?";
                stepArgs.add(values[i]);
            }
            StringBuilder way = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                way.append(TableEndpoints.quote(order.get(j).column())).append(" IS ? AND ");
                args.add(values[j]);
            }
            way.append(step).append(')');
            args.addAll(stepArgs);
            ways.add(way.toString());
        }
        return ways.isEmpty() ? "0" : "(" + String.join(" OR ", ways) + ")";
    }
}
