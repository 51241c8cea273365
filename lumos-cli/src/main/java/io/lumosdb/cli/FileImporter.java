package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.Transaction;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Imports a CSV, Parquet or JSON file into a table: DuckDB's readers parse it (types inferred), the rows
 * are written through the facade (so replication, caches and indexes stay right).
 *
 * <pre>{@code
 * Imported r = FileImporter.run(db, "orders", Path.of("orders.csv"), false, rows -> {});
 * }</pre>
 *
 * <p>All or nothing: the table is created (when missing) and filled in one SQLite transaction, so an
 * error, or the process killed mid-import, leaves neither a table nor rows behind. A CSV file is first
 * checked by {@link CsvCheck}: a line whose fields do not match the header is an error naming the line
 * (or, asked to skip bad lines, left out and reported). A file without rows never creates a table: a
 * schema inferred from nothing (a CSV header's columns would all be TEXT) is a guess, and an empty file
 * is more often a mistake than a wish; into an existing table it imports nothing, successfully.
 */
final class FileImporter {
    private FileImporter() {}

    /** What happens to an existing table: rows are added, or the table is dropped and made anew, or emptied first. */
    enum Existing { APPEND, REPLACE, TRUNCATE }

    /** What an import did; {@code skipped} bad CSV lines, {@code skippedLines} listing the first of them and why. */
    record Imported(long rows, boolean created, double seconds, long skipped, String skippedLines) {}

    /**
     * Imports {@code file} into {@code table}; {@code progress} hears the rows written so far.
     *
     * @param skipBadLines leave out CSV lines that do not fit the header instead of failing
     * @throws IllegalArgumentException for a bad table name, a missing file, an unknown format, or
     *     {@code skipBadLines} for a file that is not CSV
     * @throws SQLException naming the file and the line (CSV) or record of what is wrong: an empty file, a
     *     bad line, a value or row the database refuses; nothing is imported
     */
    static Imported run(LumosDB db, String table, Path file, boolean skipBadLines, LongConsumer progress) throws SQLException {
        return run(db, table, file, skipBadLines, Existing.APPEND, null, progress);
    }

    /**
     * Imports {@code file} into {@code table}, doing {@code existing} to a table that exists (all in the import's
     * one transaction: a failed {@code REPLACE} or {@code TRUNCATE} leaves the old table and rows); {@code total}
     * hears the rows the file holds before the first row is written.
     */
    static Imported run(LumosDB db, String table, Path file, boolean skipBadLines, Existing existing, LongConsumer total,
            LongConsumer progress) throws SQLException {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("table name '" + table + "' must be letters, digits and _, not starting with a digit");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        FileFormat format = FileFormat.of(file);
        if (skipBadLines && format != FileFormat.CSV) {
            throw new IllegalArgumentException("--skip-bad-lines is for CSV files; " + file.getFileName() + " is " + format);
        }
        long start = System.nanoTime();
        Path goodLines = null;
        try {
            if (Files.size(file) == 0) {
                throw new SQLDataException(file.getFileName() + " is empty (0 bytes); nothing imported", "22P04");
            }
            Source source = new Source(file, format, (byte) ',', file, null);
            if (format == FileFormat.CSV) {
                byte delimiter = CsvCheck.delimiter(file);
                CsvCheck check = CsvCheck.scan(file, delimiter, null);
                if (check.badLines() > 0 && !skipBadLines) {
                    throw new SQLDataException(check.describeBad(file) + "; nothing imported (--skip-bad-lines imports the"
                            + " lines that fit)", "22P04");
                }
                if (check.badLines() > 0) {
                    goodLines = Files.createTempFile("lumos-import-", ".csv");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(goodLines), 1 << 16)) {
                        CsvCheck.scan(file, delimiter, out);
                    }
                }
                source = new Source(file, format, delimiter, goodLines != null ? goodLines : file, check);
            }
            return load(db, table, source, existing, total, progress, start);
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + ": " + e, "58030", e);
        } finally {
            deleteTemporary(goodLines);
        }
    }

    /** The file as given, and what DuckDB reads: the file itself, or its lines that fit ({@code check} says). */
    private record Source(Path file, FileFormat format, byte delimiter, Path read, CsvCheck check) {
        String reader() {
            return format.reader(read, delimiter);
        }

        long skipped() {
            return check == null ? 0 : check.badLines();
        }
    }

    private static Imported load(LumosDB db, String table, Source source, Existing existing, LongConsumer total, LongConsumer progress,
            long start) throws SQLException {
        Path file = source.file();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            List<String[]> columns = new ArrayList<>(); // name, duckdb type
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source.reader())) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString("column_name"), rs.getString("column_type")});
                }
            } catch (SQLException e) {
                throw unreadable(file, e);
            }
            StringBuilder select = new StringBuilder("SELECT ");
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + "(");
            for (int i = 0; i < columns.size(); i++) {
                String name = "\"" + columns.get(i)[0].replace("\"", "\"\"") + "\"";
                select.append(i == 0 ? "" : ", ").append(simple(columns.get(i)[1]) ? name : "CAST(" + name + " AS VARCHAR)");
                insert.append(i == 0 ? "" : ", ").append(name);
            }
            insert.append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?)");
            select.append(" FROM ").append(source.reader());
            if (total != null) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source.reader())) {
                    rs.next();
                    total.accept(rs.getLong(1)); // a pass of DuckDB's reader: metadata for Parquet, fast for the others
                } catch (SQLException e) {
                    throw unreadable(file, e);
                }
            }
            boolean[] created = {false};
            long rows = db.transaction(tx -> {
                boolean exists = exists(tx, table);
                if (exists && existing == Existing.REPLACE) {
                    tx.update("DROP TABLE " + table); // in the transaction: a failed import leaves the old table
                    exists = false;
                } else if (exists && existing == Existing.TRUNCATE) {
                    tx.update("DELETE FROM " + table);
                }
                created[0] = !exists;
                if (created[0]) {
                    tx.update(createTable(table, columns)); // DDL in the transaction: a failed or killed import leaves no table
                }
                long n = 0;
                try (ResultSet rs = st.executeQuery(select.toString())) {
                    Object[] args = new Object[columns.size()];
                    while (rs.next()) {
                        for (int i = 0; i < args.length; i++) {
                            args[i] = value(rs.getObject(i + 1));
                        }
                        n++;
                        try {
                            tx.update(insert.toString(), args);
                        } catch (SQLException e) {
                            throw new SQLDataException(where(source, n) + " of " + file.getFileName() + ": " + e.getMessage(),
                                    e.getSQLState(), e);
                        }
                        if (n % 1_000 == 0) {
                            progress.accept(n);
                        }
                    }
                } catch (SQLDataException e) {
                    throw e; // a row the database refused, already named
                } catch (SQLException e) {
                    throw unreadable(file, e); // DuckDB's: a value that does not cast to the type inferred from the first rows
                }
                if (n == 0 && created[0]) {
                    throw new SQLDataException(file.getFileName() + " has no rows" + (source.skipped() > 0 ? " that fit (" + source.skipped()
                            + " bad lines skipped)" : "") + ": table " + table + " was not created (create it first to import"
                            + " nothing)", "22P04");
                }
                return n;
            });
            progress.accept(rows);
            return new Imported(rows, created[0], (System.nanoTime() - start) / 1e9, source.skipped(),
                    source.skipped() > 0 ? source.check().skippedReport() : "");
        }
    }

    /**
     * DuckDB's error about the file, on one line and naming it: DuckDB's messages run over many lines
     * (the query, hints about its options); the first paragraph says what is wrong.
     */
    static SQLException unreadable(Path file, SQLException e) {
        String message = String.valueOf(e.getMessage()).strip().split("\\R\\s*\\R", 2)[0].replaceAll("\\s*\\R\\s*", "; ");
        return new SQLDataException("cannot read " + file.getFileName() + ": " + message, e.getSQLState(), e);
    }

    /** Where row {@code row} (1-based) came from: the editor's line of a CSV file, the record of others. */
    private static String where(Source source, long row) {
        if (source.format() != FileFormat.CSV) {
            return "record " + row;
        }
        try {
            return "line " + CsvCheck.lineOfRow(source.file(), source.delimiter(), row);
        } catch (IOException | SQLException e) {
            return "row " + row; // the file changed under the import: the row's position is all there is
        }
    }

    /** Deletes the copy of the good lines; one that cannot be deleted now is litter, not harm: tried again at exit. */
    private static void deleteTemporary(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    private static boolean exists(Transaction tx, String table) throws SQLException {
        return !tx.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?)", table).rows().isEmpty();
    }

    static String createTable(String table, List<String[]> columns) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + table + "(");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append('"').append(columns.get(i)[0].replace("\"", "\"\"")).append("\" ")
                    .append(sqliteType(columns.get(i)[1]));
        }
        return ddl.append(')').toString();
    }

    /** The declared type a DuckDB column type becomes (docs/sql-dialect.md: the types both engines agree on). */
    static String sqliteType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.matches("(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)")) {
            return "INTEGER";
        }
        if (t.matches("(FLOAT|DOUBLE|REAL)") || t.startsWith("DECIMAL")) {
            return "DOUBLE";
        }
        if (t.equals("BOOLEAN")) {
            return "BOOLEAN";
        }
        if (t.equals("DATE")) {
            return "DATE";
        }
        if (t.startsWith("TIMESTAMP")) {
            return "TIMESTAMP";
        }
        if (t.equals("BLOB")) {
            return "BLOB";
        }
        return "TEXT";
    }

    private static boolean simple(String duckType) {
        return !sqliteType(duckType).equals("TEXT") || duckType.equalsIgnoreCase("VARCHAR");
    }

    private static Object value(Object v) {
        if (v instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValueExact();
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o;
        }
        if (v instanceof java.util.UUID u) {
            return u.toString();
        }
        if (v instanceof java.sql.Blob b) {
            try {
                return b.getBytes(1, (int) b.length());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return v;
    }
}
