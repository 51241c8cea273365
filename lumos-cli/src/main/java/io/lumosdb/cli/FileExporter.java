package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.ResultStream;
import io.lumosdb.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Exports a query's result to CSV, Parquet or JSON: the rows are streamed from the facade into a DuckDB
 * scratch table (column types from the first {@value #SAMPLE} rows) and written by DuckDB's {@code COPY}.
 * The file is written next to its final name and moved into place, so a failure leaves no half file.
 *
 * <p>Parquet keeps column types: DuckDB describes the query over the replica ({@code DESCRIBE SELECT ...}), and
 * columns it types {@code DATE}, {@code TIMESTAMP} or {@code BOOLEAN} are written as such (the facade returns
 * them as the text SQLite stores, which the {@code COPY} casts back). A query DuckDB cannot describe (a table
 * without a replica) is typed from its values, as for CSV and JSON.
 */
final class FileExporter {
    static final int SAMPLE = 1_000;

    private FileExporter() {}

    /** Writes the result of {@code sql} to {@code file}; returns the rows written. */
    static long run(LumosDB db, String sql, Path file) throws SQLException {
        return run(db, sql, file, n -> {});
    }

    /** Writes the result of {@code sql} to {@code file}, telling {@code progress} the rows written so far. */
    static long run(LumosDB db, String sql, Path file, LongConsumer progress) throws SQLException {
        FileFormat format = FileFormat.of(file);
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (ResultStream rows = open(db, sql, format); Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement()) {
            List<String> columns = rows.columns();
            Iterator<Row> it = rows.iterator();
            List<Row> sample = new ArrayList<>();
            while (sample.size() < SAMPLE && it.hasNext()) {
                sample.add(it.next());
            }
            java.util.Map<String, String> duckTypes = format == FileFormat.PARQUET ? described(db, sql) : java.util.Map.of();
            String[] types = new String[columns.size()];
            StringBuilder ddl = new StringBuilder("CREATE TABLE export(");
            StringBuilder select = new StringBuilder("SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                String duckType = duckTypes.getOrDefault(columns.get(c).toLowerCase(java.util.Locale.ROOT), "");
                types[c] = duckType.equals("DATE") || duckType.equals("BOOLEAN") ? duckType
                        : duckType.startsWith("TIMESTAMP") ? "TIMESTAMP" : typeOf(sample, c);
                String name = '"' + columns.get(c).replace("\"", "\"\"") + '"';
                boolean cast = types[c].equals("DATE") || types[c].equals("TIMESTAMP") || types[c].equals("BOOLEAN");
                ddl.append(c == 0 ? "" : ", ").append(name).append(' ').append(cast ? "VARCHAR" : types[c]);
                select.append(c == 0 ? "" : ", ").append(cast ? "CAST(" + name + " AS " + types[c] + ") AS " + name : name);
            }
            st.execute(ddl.append(')').toString());
            long n = 0;
            try (DuckDBAppender app = duck.unwrap(DuckDBConnection.class).createAppender("export")) {
                for (Row r : sample) {
                    append(app, r, types, ++n, columns);
                }
                while (it.hasNext()) {
                    append(app, it.next(), types, ++n, columns);
                    if (n % 1_000 == 0) {
                        progress.accept(n);
                    }
                }
            }
            progress.accept(n);
            st.execute("COPY (" + select + " FROM export) TO " + FileFormat.quote(partial.toString()) + " " + format.copyOptions());
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return n;
        } catch (java.io.IOException e) {
            throw new SQLException("cannot write " + file + ": " + e.getMessage(), "58030", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (java.io.IOException e) {
                // best effort: a partial file next to the target is harmless and overwritten next time
            }
        }
    }

    /** The rows of {@code sql}, where the router sends it. */
    private static ResultStream open(LumosDB db, String sql, FileFormat format) throws SQLException {
        return db.stream(sql);
    }

    /** DuckDB's types of the columns of {@code sql} (lower-case name to type), empty when it cannot describe it. */
    private static java.util.Map<String, String> described(LumosDB db, String sql) {
        java.util.Map<String, String> types = new java.util.HashMap<>();
        try {
            for (Row r : db.query("DESCRIBE " + sql).rows()) {
                types.put(String.valueOf(r.get(0)).toLowerCase(java.util.Locale.ROOT), String.valueOf(r.get(1)));
            }
        } catch (SQLException | RuntimeException e) {
            types.clear(); // not replicated, or SQL only SQLite reads: typed from the values
        }
        return types;
    }

    /** The DuckDB type of column {@code c}: the widest kind among the sampled values. */
    private static String typeOf(List<Row> sample, int c) {
        boolean real = false;
        boolean integer = false;
        boolean text = false;
        boolean blob = false;
        String temporal = null;
        boolean other = false;
        for (Row r : sample) {
            Object v = r.get(c);
            String t = v instanceof java.time.LocalDate || v instanceof java.sql.Date ? "DATE"
                    : v instanceof java.time.LocalDateTime || v instanceof java.sql.Timestamp ? "TIMESTAMP"
                    : v instanceof Boolean ? "BOOLEAN" : null;
            if (t != null && (temporal == null || temporal.equals(t))) {
                temporal = t;
                continue;
            }
            if (v != null) {
                other = true;
            }
            if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
                real = true;
            } else if (v instanceof Number) {
                integer = true;
            } else if (v instanceof byte[]) {
                blob = true;
            } else if (v != null) {
                text = true;
            }
        }
        if (temporal != null && !other) {
            return temporal; // appended as text, cast by the COPY
        }
        if (text || temporal != null || (blob && (real || integer))) {
            return "VARCHAR";
        }
        return blob ? "BLOB" : real ? "DOUBLE" : integer ? "BIGINT" : "VARCHAR";
    }

    private static void append(DuckDBAppender app, Row r, String[] types, long row, List<String> columns) throws SQLException {
        app.beginRow();
        for (int c = 0; c < types.length; c++) {
            Object v = r.get(c);
            if (v == null) {
                app.appendNull();
            } else if (types[c].equals("VARCHAR") || types[c].equals("DATE") || types[c].equals("TIMESTAMP")
                    || types[c].equals("BOOLEAN")) {
                app.append(v instanceof byte[] b ? java.util.Base64.getEncoder().encodeToString(b)
                        : v instanceof java.time.LocalDateTime t ? t.toString().replace('T', ' ') : v.toString());
            } else if (types[c].equals("DOUBLE") && v instanceof Number num) {
                app.append(num.doubleValue());
            } else if (types[c].equals("BIGINT") && (v instanceof Long || v instanceof Integer || v instanceof Short)) {
                app.append(((Number) v).longValue());
            } else if (types[c].equals("BLOB") && v instanceof byte[] b) {
                app.append(b);
            } else {
                throw new SQLDataException("row " + row + ", column " + columns.get(c) + ": a " + v.getClass().getSimpleName()
                        + " after " + SAMPLE + " rows of " + types[c] + "; CAST the column in the query", "22000");
            }
        }
        app.endRow();
    }
}
