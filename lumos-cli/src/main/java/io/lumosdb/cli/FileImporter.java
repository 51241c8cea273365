package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.Transaction;
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
 * are written through the facade (so replication, caches and indexes stay right). The table is created
 * when missing, with the inferred types, in the same SQLite transaction as the rows: a failure, or the
 * process killed mid-import, leaves neither a table nor rows behind.
 */
final class FileImporter {
    private FileImporter() {}

    record Imported(long rows, boolean created, double seconds) {}

    /**
     * Imports {@code file} into {@code table}; {@code progress} hears the rows written so far.
     *
     * @throws IllegalArgumentException for a bad table name, a missing file or an unknown format
     * @throws SQLException naming the line (CSV) or record of a row the database refuses; nothing is imported
     */
    static Imported run(LumosDB db, String table, Path file, LongConsumer progress) throws SQLException {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException("table name '" + table + "' must be letters, digits and _, not starting with a digit");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        FileFormat format = FileFormat.of(file);
        long start = System.nanoTime();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            List<String[]> columns = new ArrayList<>(); // name, duckdb type
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + format.reader(file))) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString("column_name"), rs.getString("column_type")});
                }
            }
            StringBuilder select = new StringBuilder("SELECT ");
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + "(");
            for (int i = 0; i < columns.size(); i++) {
                String name = "\"" + columns.get(i)[0].replace("\"", "\"\"") + "\"";
                select.append(i == 0 ? "" : ", ").append(simple(columns.get(i)[1]) ? name : "CAST(" + name + " AS VARCHAR)");
                insert.append(i == 0 ? "" : ", ").append(name);
            }
            insert.append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?)");
            select.append(" FROM ").append(format.reader(file));
            boolean[] created = {false};
            long rows = db.transaction(tx -> {
                created[0] = !exists(tx, table);
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
                            throw new SQLDataException(where(format, n) + " of " + file.getFileName() + ": " + e.getMessage(),
                                    e.getSQLState(), e);
                        }
                        if (n % 10_000 == 0) {
                            progress.accept(n);
                        }
                    }
                }
                return n;
            });
            progress.accept(rows);
            return new Imported(rows, created[0], (System.nanoTime() - start) / 1e9);
        }
    }

    private static String where(FileFormat format, long row) {
        return format == FileFormat.CSV ? "line " + (row + 1) : "record " + row;
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
