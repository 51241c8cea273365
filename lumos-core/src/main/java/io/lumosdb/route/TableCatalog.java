package io.lumosdb.route;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the router knows about each table, kept cheaply: an estimate of its row count and the columns
 * that lead an index (so an equality on them is a key lookup).
 *
 * <p>Row counts come from DuckDB's catalog ({@code duckdb_tables().estimated_size}, exact for the
 * replica and free to read) or, for a table without a replica, from a count SQLite stops at the
 * large-table threshold. Between refreshes the facade's own writes adjust the estimate. Every change
 * that could flip a routing decision (a table crossing the threshold, any schema change) bumps
 * {@link #version()}, which invalidates the router's cached decisions.
 */
public final class TableCatalog {
    /** When the facade last adjusted each table's estimate (nanoTime): a refresh from DuckDB must not undo it. */
    private final Map<String, Long> lastNoted = new java.util.concurrent.ConcurrentHashMap<>();

    /** One table's statistics. */
    public record TableInfo(String name, long rows, Set<String> keyColumns, Map<String, String> keyKinds, Map<String, String> columnTypes) {}

    private final long largeTableRows;
    private volatile Map<String, TableInfo> tables = Map.of();
    private final Map<String, AtomicLong> estimates = new ConcurrentHashMap<>();
    private volatile long version;

    public TableCatalog(long largeTableRows) {
        this.largeTableRows = largeTableRows;
    }

    public long largeTableRows() {
        return largeTableRows;
    }

    /** Changes whenever a cached routing decision may no longer hold. */
    public long version() {
        return version;
    }

    public Optional<TableInfo> table(String name) {
        return Optional.ofNullable(tables.get(name.toLowerCase(Locale.ROOT)));
    }

    public long rows(TableInfo info) {
        AtomicLong estimate = estimates.get(info.name().toLowerCase(Locale.ROOT));
        return estimate == null ? info.rows() : Math.max(0, estimate.get());
    }

    public boolean isLarge(TableInfo info) {
        return rows(info) >= largeTableRows;
    }

    /**
     * Re-reads every table's keys from SQLite and its size from DuckDB (or SQLite for tables DuckDB does
     * not replica, or all of them when {@code duck} is null: the replica is not open yet). Called at open,
     * when the replica opens, and after schema changes, under the write lock.
     */
    public synchronized void refresh(Connection sqlite, Connection duck) throws SQLException {
        Map<String, Long> duckSizes = new HashMap<>();
        if (duck != null) {
            try (Statement st = duck.createStatement();
                    ResultSet rs = st.executeQuery("SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'lumos_data'")) {
                while (rs.next()) {
                    duckSizes.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
                }
            }
        }
        Map<String, TableInfo> fresh = new HashMap<>();
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                        + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND substr(name, 1, 7) <> '_lumos_'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String key = name.toLowerCase(Locale.ROOT);
                Long size = duckSizes.get(key);
                // a view is taken as large: counting it would run it, and its base tables decide its cost
                long rows = size != null ? size : "view".equals(rs.getString(2)) ? largeTableRows : boundedCount(sqlite, name);
                Map<String, String> keys = keyColumns(sqlite, name);
                fresh.put(key, new TableInfo(name, rows, Set.copyOf(keys.keySet()), Map.copyOf(keys), columnTypes(sqlite, name)));
            }
        }
        tables = Map.copyOf(fresh); // one swap: concurrent readers see the old catalog or the new, never half
        estimates.clear();
        version++;
    }

    /**
     * Re-reads the row counts of replicated tables from DuckDB's catalog, replacing the running estimates
     * (which follow only this process's writes); bumps the version if a table crossed the threshold.
     * Called after the replica applied changes, so routing follows other programs' writes too. A table
     * this facade wrote after {@code caughtUpAtNanos} (when DuckDB last held every commit) keeps the
     * estimate its writes made: DuckDB's count may not include them yet.
     */
    public void refreshRows(Connection duck, long caughtUpAtNanos) throws SQLException {
        Map<String, TableInfo> current = tables;
        boolean flipped = false;
        long readStart = System.nanoTime();
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'lumos_data'")) {
            while (rs.next()) {
                String key = rs.getString(1).toLowerCase(Locale.ROOT);
                TableInfo info = current.get(key);
                if (info == null) {
                    continue;
                }
                Long noted = lastNoted.get(key);
                if (noted != null && (noted - readStart >= 0 || caughtUpAtNanos == 0 || caughtUpAtNanos - noted < 0)) {
                    continue; // our own write is newer than what DuckDB is known to hold: keep the estimate it made
                }
                long rows = rs.getLong(2);
                boolean wasLarge = isLarge(info);
                estimates.computeIfAbsent(key, k -> new AtomicLong()).set(rows);
                flipped |= wasLarge != (rows >= largeTableRows);
            }
        }
        if (flipped) {
            version++;
        }
    }

    /**
     * Adjusts a table's row estimate after a write through the facade; bumps the version when the
     * table crosses the large-table threshold.
     */
    public void noteWrite(String table, long rowDelta) {
        if (rowDelta == 0) {
            return;
        }
        TableInfo info = tables.get(table.toLowerCase(Locale.ROOT));
        if (info == null) {
            return;
        }
        lastNoted.put(info.name().toLowerCase(Locale.ROOT), System.nanoTime());
        AtomicLong estimate = estimates.computeIfAbsent(info.name().toLowerCase(Locale.ROOT), k -> new AtomicLong(info.rows()));
        long before = estimate.getAndAdd(rowDelta);
        long after = before + rowDelta;
        if ((before >= largeTableRows) != (after >= largeTableRows)) {
            version++;
        }
    }

    private long boundedCount(Connection sqlite, String table) throws SQLException {
        String sql = "SELECT count(*) FROM (SELECT 1 FROM " + quote(table) + " LIMIT " + (largeTableRows + 1) + ")";
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return 0; // a view whose definition no longer binds: it is routed to SQLite, which reports the error
        }
    }

    /** Declared column types, by lower-case column name, upper case ("" when none was declared). */
    private static Map<String, String> columnTypes(Connection sqlite, String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT name, type FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1).toLowerCase(Locale.ROOT), String.valueOf(rs.getString(2)).toUpperCase(Locale.ROOT));
                }
            }
        }
        return Map.copyOf(types);
    }

    /** Columns that make an equality a key lookup, lower case, with a word on what kind of key. */
    private static Map<String, String> keyColumns(Connection sqlite, String table) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        Set<String> pk = new HashSet<>();
        String integerPk = null;
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(3) > 0) {
                        pk.add(rs.getString(1).toLowerCase(Locale.ROOT));
                        if ("INTEGER".equalsIgnoreCase(rs.getString(2))) {
                            integerPk = rs.getString(1).toLowerCase(Locale.ROOT);
                        }
                    }
                }
            }
        }
        if (pk.size() == 1 && integerPk != null) {
            keys.put(integerPk, "primary key");
        }
        for (String rowid : new String[] {"rowid", "oid", "_rowid_"}) {
            keys.put(rowid, "rowid");
        }
        try (PreparedStatement ps = sqlite.prepareStatement(
                "SELECT il.origin, il.\"unique\", ii.name FROM pragma_index_list(?) il"
                        + " JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(3);
                    if (column == null) {
                        continue; // an index on an expression
                    }
                    String kind = "pk".equals(rs.getString(1)) ? "primary key" : rs.getInt(2) == 1 ? "unique index" : "index";
                    keys.putIfAbsent(column.toLowerCase(Locale.ROOT), kind);
                }
            }
        }
        return keys;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
