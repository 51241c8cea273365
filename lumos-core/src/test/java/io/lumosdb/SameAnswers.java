package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Compares two results value by value: numbers within a relative tolerance, everything else exactly. */
final class SameAnswers {
    private SameAnswers() {}

    static void assertSame(String sql, QueryResult expected, QueryResult actual, boolean ordered) {
        assertEquals(expected.columns(), actual.columns(), () -> "column labels differ for " + sql);
        List<List<Object>> e = values(expected);
        List<List<Object>> a = values(actual);
        assertEquals(e.size(), a.size(), () -> "row count differs for " + sql + "\nSQLite: " + e + "\nDuckDB: " + a);
        if (!ordered) {
            Comparator<List<Object>> byText = Comparator.comparing(SameAnswers::text);
            e.sort(byText);
            a.sort(byText);
        }
        for (int r = 0; r < e.size(); r++) {
            for (int c = 0; c < e.get(r).size(); c++) {
                Object x = e.get(r).get(c);
                Object y = a.get(r).get(c);
                if (!same(x, y)) {
                    fail("row " + r + " column " + c + " differs for " + sql + ": SQLite " + show(x) + ", DuckDB " + show(y)
                            + "\nSQLite row: " + e.get(r) + "\nDuckDB row: " + a.get(r));
                }
            }
        }
    }

    private static List<List<Object>> values(QueryResult result) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : result.rows()) {
            rows.add(row.values());
        }
        return rows;
    }

    static boolean same(Object x, Object y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof Number a && y instanceof Number b) {
            if (a instanceof Long && b instanceof Long) {
                return a.equals(b);
            }
            double p = a.doubleValue();
            double q = b.doubleValue();
            return p == q || Math.abs(p - q) <= 1e-9 * Math.max(1, Math.max(Math.abs(p), Math.abs(q)));
        }
        if (x instanceof byte[] a && y instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        return x.equals(y);
    }

    private static String text(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object o : row) {
            sb.append(o instanceof Number n ? String.format(java.util.Locale.ROOT, "%.6g", n.doubleValue()) : String.valueOf(o)).append('|');
        }
        return sb.toString();
    }

    private static String show(Object o) {
        return o == null ? "NULL" : o + " (" + o.getClass().getSimpleName() + ")";
    }
}
