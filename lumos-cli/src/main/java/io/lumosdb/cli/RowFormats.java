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

/**
 * The row-by-row output modes: {@code csv}, {@code tabs}, {@code json}, {@code jsonl}, {@code line}, {@code list},
 * {@code html} and {@code insert}. Machine formats (CSV, JSON, INSERT) keep every digit and write blobs as
 * base64 (CSV, JSON) or {@code X'..'} literals (INSERT); the others print as people read.
 */
final class RowFormats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowFormats() {}

    static void print(QueryResult r, PrintSettings s, PrintWriter out) {
        switch (s.mode) {
            case CSV -> separated(r, s, ",", true, out);
            case TABS -> separated(r, s, "\t", false, out);
            case LIST -> separated(r, s, "|", false, out);
            case JSON -> json(r, out);
            case JSONL -> jsonl(r, out);
            case LINE -> line(r, s, out);
            case HTML -> html(r, s, out);
            case INSERT -> insert(r, s, out);
            default -> throw new IllegalStateException(s.mode.name());
        }
    }

    private static void separated(QueryResult r, PrintSettings s, String separator, boolean csv, PrintWriter out) {
        if (s.headers) {
            out.println(String.join(separator, r.columns().stream().map(h -> csv ? csvField(h) : h).toList()));
        }
        for (Row row : r.rows()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.columns().size(); c++) {
                Object v = row.get(c);
                String text = v == null ? s.nullText() : csv ? csvField(v instanceof byte[] b ? Base64.getEncoder().encodeToString(b)
                        : v.toString()) : ResultPrinter.readable(v, s.nullText());
                line.append(c == 0 ? "" : separator).append(text);
            }
            out.println(line);
        }
    }

    static String csvField(String s) {
        if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static Map<String, Object> object(QueryResult r, Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < r.columns().size(); c++) {
            Object v = row.get(c);
            m.put(r.columns().get(c), v instanceof byte[] b ? Base64.getEncoder().encodeToString(b)
                    : v instanceof java.time.temporal.Temporal t ? t.toString() : v);
        }
        return m;
    }

    private static void json(QueryResult r, PrintWriter out) {
        List<Map<String, Object>> rows = new ArrayList<>(r.rows().size());
        for (Row row : r.rows()) {
            rows.add(object(r, row));
        }
        out.println(write(rows));
    }

    private static void jsonl(QueryResult r, PrintWriter out) {
        for (Row row : r.rows()) {
            out.println(write(object(r, row)));
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void line(QueryResult r, PrintSettings s, PrintWriter out) {
        int width = r.columns().stream().mapToInt(String::length).max().orElse(0);
        boolean first = true;
        for (Row row : r.rows()) {
            if (!first) {
                out.println();
            }
            first = false;
            for (int c = 0; c < r.columns().size(); c++) {
                String name = r.columns().get(c);
                out.println(" ".repeat(width - name.length()) + name + " = " + ResultPrinter.readable(row.get(c), s.nullText()));
            }
        }
    }

    private static void html(QueryResult r, PrintSettings s, PrintWriter out) {
        out.println("<table>");
        if (s.headers) {
            StringBuilder tr = new StringBuilder("<tr>");
            r.columns().forEach(h -> tr.append("<th>").append(escape(h)).append("</th>"));
            out.println(tr.append("</tr>"));
        }
        for (Row row : r.rows()) {
            StringBuilder tr = new StringBuilder("<tr>");
            for (int c = 0; c < r.columns().size(); c++) {
                tr.append("<td>").append(escape(ResultPrinter.readable(row.get(c), s.nullText()))).append("</td>");
            }
            out.println(tr.append("</tr>"));
        }
        out.println("</table>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static void insert(QueryResult r, PrintSettings s, PrintWriter out) {
        String into = "INSERT INTO " + identifier(s.insertTable) + (s.headers ? "(" + String.join(",", r.columns().stream()
                .map(RowFormats::identifier).toList()) + ")" : "") + " VALUES(";
        for (Row row : r.rows()) {
            StringBuilder line = new StringBuilder(into);
            for (int c = 0; c < r.columns().size(); c++) {
                line.append(c == 0 ? "" : ",").append(literal(row.get(c)));
            }
            out.println(line.append(");"));
        }
    }

    /** {@code name} as an SQL identifier: bare when it is a plain word, else in double quotes. */
    static String identifier(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code v} as an SQL literal that SQLite reads back as the same value. */
    static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return "X'" + ResultPrinter.hex(b, b.length) + "'";
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return d.isNaN() ? "NULL" : d > 0 ? "9e999" : "-9e999";
        }
        if (v instanceof Number n) {
            return n instanceof java.math.BigDecimal bd ? bd.toPlainString() : n.toString();
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }
}
