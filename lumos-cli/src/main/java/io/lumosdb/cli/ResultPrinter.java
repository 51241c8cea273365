package io.lumosdb.cli;

import io.lumosdb.QueryResult;
import io.lumosdb.Row;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link QueryResult} in an {@link OutputMode}: the grids ({@code table}, {@code box}, {@code markdown})
 * here, the row-by-row formats in {@link RowFormats}. Numbers in modes for people are readable (no
 * {@code 5.323482116499983E8}: plain digits, at most six after the point); machine formats keep every digit.
 */
final class ResultPrinter {
    static final int MAX_CELL = 48;

    private ResultPrinter() {}

    /** Prints {@code r} in a table of the default settings (for the demo). */
    static void print(QueryResult r, OutputMode mode, int maxRows, PrintWriter out) {
        PrintSettings s = new PrintSettings();
        s.mode = mode;
        print(r, s, maxRows, out);
    }

    /**
     * Prints {@code r}; a grid shows at most {@code maxRows} rows and says how many more there were, other modes
     * print every row.
     */
    static void print(QueryResult r, PrintSettings s, int maxRows, PrintWriter out) {
        switch (s.mode) {
            case TABLE, BOX, MARKDOWN -> grid(r, s, maxRows, out);
            default -> RowFormats.print(r, s, out);
        }
        out.flush();
    }

    private static void grid(QueryResult r, PrintSettings s, int maxRows, PrintWriter out) {
        List<String> cols = r.columns();
        int n = cols.size();
        boolean markdown = s.mode == OutputMode.MARKDOWN;
        int shown = markdown ? r.rows().size() : Math.min(maxRows, r.rows().size());
        List<String[]> cells = new ArrayList<>(shown);
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = s.width(c) > 0 ? s.width(c) : s.headers ? Math.min(MAX_CELL, cols.get(c).length()) : 1;
        }
        for (Row row : r.rows().subList(0, shown)) {
            String[] line = new String[n];
            for (int c = 0; c < n; c++) {
                line[c] = markdown ? readable(row.get(c), s.nullText()).replace("|", "\\|") : cell(row.get(c), s.nullText());
                if (s.width(c) == 0) {
                    width[c] = Math.max(width[c], Math.min(markdown ? Integer.MAX_VALUE : MAX_CELL, line[c].length()));
                }
            }
            cells.add(line);
        }
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            numeric[c] = !r.rows().isEmpty() && r.rows().get(0).get(c) instanceof Number;
        }
        switch (s.mode) {
            case BOX -> box(cols, cells, width, numeric, s.headers, out);
            case MARKDOWN -> markdown(cols, cells, width, numeric, out);
            default -> table(cols, cells, width, numeric, s.headers, out);
        }
        if (r.rows().size() > shown) {
            out.printf("... %,d more rows (%,d in all; .mode csv or lumos export prints every row)%n", r.rows().size() - shown,
                    r.rows().size());
        }
    }

    private static void table(List<String> cols, List<String[]> cells, int[] width, boolean[] numeric, boolean headers, PrintWriter out) {
        if (headers) {
            out.println(line(cols.toArray(new String[0]), width, new boolean[cols.size()], "", " | ", ""));
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < cols.size(); c++) {
                rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
            }
            out.println(rule);
        }
        for (String[] line : cells) {
            out.println(line(line, width, numeric, "", " | ", ""));
        }
    }

    private static void box(List<String> cols, List<String[]> cells, int[] width, boolean[] numeric, boolean headers, PrintWriter out) {
        out.println(rule(width, "┌─", "─┬─", "─┐"));
        if (headers) {
            out.println(line(cols.toArray(new String[0]), width, new boolean[cols.size()], "│ ", " │ ", " │"));
            out.println(rule(width, "├─", "─┼─", "─┤"));
        }
        for (String[] line : cells) {
            out.println(line(line, width, numeric, "│ ", " │ ", " │"));
        }
        out.println(rule(width, "└─", "─┴─", "─┘"));
    }

    private static void markdown(List<String> cols, List<String[]> cells, int[] width, boolean[] numeric, PrintWriter out) {
        out.println(line(cols.stream().map(h -> h.replace("|", "\\|")).toArray(String[]::new), width, new boolean[cols.size()],
                "| ", " | ", " |"));
        StringBuilder rule = new StringBuilder("|");
        for (int c = 0; c < cols.size(); c++) {
            rule.append(numeric[c] ? "-".repeat(width[c] + 1) + ":|" : "-".repeat(width[c] + 2) + "|");
        }
        out.println(rule);
        for (String[] line : cells) {
            out.println(line(line, width, numeric, "| ", " | ", " |"));
        }
    }

    private static String rule(int[] width, String left, String middle, String right) {
        StringBuilder s = new StringBuilder(left);
        for (int c = 0; c < width.length; c++) {
            s.append(c == 0 ? "" : middle).append("─".repeat(width[c]));
        }
        return s.append(right).toString();
    }

    private static String line(String[] values, int[] width, boolean[] right, String left, String between, String end) {
        StringBuilder s = new StringBuilder(left);
        for (int c = 0; c < values.length; c++) {
            String v = values[c].length() > width[c] ? values[c].substring(0, Math.max(0, width[c] - 1)) + "~" : values[c];
            String pad = " ".repeat(Math.max(0, width[c] - v.length()));
            boolean last = c == values.length - 1 && end.isEmpty();
            s.append(c == 0 ? "" : between).append(right[c] ? pad + v : v + (last ? "" : pad));
        }
        return s.append(end).toString();
    }

    /** A value in a grid cell: readable, on one line, cut at {@value #MAX_CELL} characters. */
    static String cell(Object v, String nullText) {
        if (v instanceof byte[] b) {
            return "x'" + hex(b, 16) + "'";
        }
        String s = readable(v, nullText).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "~" : s;
    }

    /**
     * A value as people read it: a real number in plain digits with at most six after the point (trailing zeros
     * dropped); very large or very small ones, which plain digits would drown, in Java's scientific form.
     */
    static String readable(Object v, String nullText) {
        if (v == null) {
            return nullText;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            double a = Math.abs(d);
            if (!Double.isFinite(d) || d == 0 || a >= 1e15 || a < 1e-6) {
                return d == 0 ? "0.0" : Double.toString(d);
            }
            String plain = new BigDecimal(Double.toString(d)).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                    .toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof byte[] b) {
            return "x'" + hex(b, b.length) + "'";
        }
        return v.toString();
    }

    static String hex(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return b.length > max ? s + "..." : s.toString();
    }
}
