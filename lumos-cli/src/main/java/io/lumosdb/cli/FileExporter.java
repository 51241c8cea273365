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
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Exports a query's result to CSV, Parquet or JSON: the rows are streamed from the facade into a DuckDB
 * scratch table (column types from the first {@value #SAMPLE} rows) and written by DuckDB's {@code COPY}.
 * The file is written next to its final name and moved into place, so a failure leaves no half file.
 */
final class FileExporter {
    static final int SAMPLE = 1_000;

    private FileExporter() {}

    /** Writes the result of {@code sql} to {@code file}; returns the rows written. */
    static long run(LumosDB db, String sql, Path file) throws SQLException {
        FileFormat format = FileFormat.of(file);
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (ResultStream rows = db.stream(sql); Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement()) {
            List<String> columns = rows.columns();
            Iterator<Row> it = rows.iterator();
            List<Row> sample = new ArrayList<>();
            while (sample.size() < SAMPLE && it.hasNext()) {
                sample.add(it.next());
            }
            String[] types = new String[columns.size()];
            StringBuilder ddl = new StringBuilder("CREATE TABLE export(");
            for (int c = 0; c < columns.size(); c++) {
                types[c] = typeOf(sample, c);
                ddl.append(c == 0 ? "" : ", ").append('"').append(columns.get(c).replace("\"", "\"\"")).append("\" ").append(types[c]);
            }
            st.execute(ddl.append(')').toString());
            long n = 0;
            try (DuckDBAppender app = duck.unwrap(DuckDBConnection.class).createAppender("export")) {
                for (Row r : sample) {
                    append(app, r, types, ++n, columns);
                }
                while (it.hasNext()) {
                    append(app, it.next(), types, ++n, columns);
                }
            }
            st.execute("COPY export TO " + FileFormat.quote(partial.toString()) + " " + format.copyOptions());
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

    /** The DuckDB type of column {@code c}: the widest kind among the sampled values. */
    private static String typeOf(List<Row> sample, int c) {
        boolean real = false;
        boolean integer = false;
        boolean text = false;
        boolean blob = false;
        for (Row r : sample) {
            Object v = r.get(c);
            if (v instanceof Double || v instanceof Float) {
                real = true;
            } else if (v instanceof Number) {
                integer = true;
            } else if (v instanceof byte[]) {
                blob = true;
            } else if (v != null) {
                text = true;
            }
        }
        if (text || (blob && (real || integer))) {
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
            } else if (types[c].equals("VARCHAR")) {
                app.append(v instanceof byte[] b ? java.util.Base64.getEncoder().encodeToString(b) : v.toString());
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
