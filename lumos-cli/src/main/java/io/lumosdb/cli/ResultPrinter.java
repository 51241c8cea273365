package io.lumosdb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.QueryResult;
import io.lumosdb.Row;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a {@link QueryResult} as an aligned table, CSV or JSON. */
final class ResultPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_CELL = 48;

    private ResultPrinter() {}

    /**
     * Prints {@code r}; a table shows at most {@code maxRows} rows and says how many more there were.
     * CSV and JSON print every row.
     */
    static void print(QueryResult r, OutputMode mode, int maxRows, PrintWriter out) {
        switch (mode) {
            case TABLE -> table(r, maxRows, out);
            case CSV -> csv(r, out);
            case JSON -> json(r, out);
            default -> throw new IllegalStateException(mode.name());
        }
        out.flush();
    }

    private static void table(QueryResult r, int maxRows, PrintWriter out) {
        List<String> cols = r.columns();
        int shown = Math.min(maxRows, r.rows().size());
        List<String[]> cells = new ArrayList<>(shown);
        int[] width = new int[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            width[c] = Math.min(MAX_CELL, cols.get(c).length());
        }
        for (Row row : r.rows().subList(0, shown)) {
            String[] line = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                line[c] = cell(row.get(c));
                width[c] = Math.max(width[c], line[c].length());
            }
            cells.add(line);
        }
        boolean[] numeric = new boolean[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            numeric[c] = !r.rows().isEmpty() && r.rows().get(0).get(c) instanceof Number;
        }
        out.println(line(cols.toArray(new String[0]), width, new boolean[cols.size()]));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < cols.size(); c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        }
        out.println(rule);
        for (String[] line : cells) {
            out.println(line(line, width, numeric));
        }
        if (r.rows().size() > shown) {
            out.printf("... %,d more rows (%,d in all; .mode csv or lumos export prints every row)%n", r.rows().size() - shown,
                    r.rows().size());
        }
    }

    private static String line(String[] values, int[] width, boolean[] right) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < values.length; c++) {
            String v = values[c].length() > width[c] ? values[c].substring(0, width[c] - 1) + "~" : values[c];
            String pad = " ".repeat(width[c] - v.length());
            s.append(c == 0 ? "" : " | ").append(right[c] ? pad + v : v + (c == values.length - 1 ? "" : pad));
        }
        return s.toString();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return "x'" + hex(b, 16) + "'";
        }
        String s = v.toString().replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "~" : s;
    }

    private static String hex(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return b.length > max ? s + "..." : s.toString();
    }

    private static void csv(QueryResult r, PrintWriter out) {
        out.println(String.join(",", r.columns().stream().map(ResultPrinter::csvField).toList()));
        for (Row row : r.rows()) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < r.columns().size(); c++) {
                Object v = row.get(c);
                s.append(c == 0 ? "" : ",").append(v == null ? "" : csvField(v instanceof byte[] b ? Base64.getEncoder().encodeToString(b)
                        : v.toString()));
            }
            out.println(s);
        }
    }

    static String csvField(String s) {
        if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static void json(QueryResult r, PrintWriter out) {
        List<Map<String, Object>> rows = new ArrayList<>(r.rows().size());
        for (Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < r.columns().size(); c++) {
                Object v = row.get(c);
                m.put(r.columns().get(c), v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : v);
            }
            rows.add(m);
        }
        try {
            out.println(JSON.writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
