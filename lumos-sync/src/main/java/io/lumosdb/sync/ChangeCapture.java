package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The SQLite half of the replica: the change log, the capture triggers and the catalog reads.
 *
 * <p>Design: a trigger per table and operation appends the changed row's identity to {@code _lumos_changes}
 * (its rowid; for a {@code WITHOUT ROWID} table its primary key as {@code json_array} text in {@code pk})
 * in the same transaction as the write, so a committed write is always a logged change, whoever made it.
 * Only the rowid is logged; the applier reads the row's current state, so repeated changes to one row
 * coalesce into one copy. The same triggers check that each value fits the column's declared type (see
 * {@link ColumnType}) and abort the statement with a message naming the column when it does not.
 * Sequence numbers are rowids ({@code max + 1}); pruning always keeps the entry at the applied
 * sequence, so the maximum never goes back and numbers are never reused, without the extra
 * {@code sqlite_sequence} write per change that {@code AUTOINCREMENT} would cost.
 */
final class ChangeCapture {
    static final String LOG = "_lumos_changes";
    static final String META = "_lumos_meta";
    /**
     * Per rowid table, the high-water mark: rowids up to it are covered by the log (an insert at or below
     * it is logged); rows above it are appends the applier finds by scanning, so appending an insert
     * writes no log row (no second page per transaction).
     */
    static final String HWM = "_lumos_hwm";
    private static final String PREFIX = "_lumos_";
    /** Meta key prefix of a replicated table's signature: "mirror:", the files' name for it since the first version. */
    static final String SIGNATURE_KEY = "mirror:";
    private static final String[] TRIGGER_KINDS = {"i", "u", "d"};

    private ChangeCapture() {}

    static void ensureLog(Connection sqlite) throws SQLException {
        Sql.exec(sqlite, "CREATE TABLE IF NOT EXISTS " + LOG
                + " (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid INTEGER, pk TEXT)");
        Sql.exec(sqlite, "CREATE TABLE IF NOT EXISTS " + META + " (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        Sql.exec(sqlite, "CREATE TABLE IF NOT EXISTS " + HWM + " (tbl TEXT PRIMARY KEY, hwm INTEGER NOT NULL)");
    }

    static Optional<String> meta(Connection sqlite, String key) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT value FROM " + META + " WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static void putMeta(Connection sqlite, String key, String value) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement(
                "INSERT INTO " + META + "(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    static void deleteMeta(Connection sqlite, String key) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement("DELETE FROM " + META + " WHERE key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    /** The names of the meta keys that record which tables are replicated, with their signatures. */
    static Map<String, String> replicatedSignatures(Connection sqlite) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT key, value FROM " + META + " WHERE key LIKE '" + SIGNATURE_KEY + "%'")) {
            while (rs.next()) {
                result.put(rs.getString(1).substring(SIGNATURE_KEY.length()), rs.getString(2));
            }
        }
        return result;
    }

    /** The highest sequence number handed out (pruning keeps it in the log), or 0. */
    static long lastIssuedSequence(Connection sqlite) throws SQLException {
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM " + LOG)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The lowest sequence number still in the log, or 0 when it is empty. */
    static long firstLoggedSequence(Connection sqlite) throws SQLException {
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(min(seq), 0) FROM " + LOG)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes applied entries, keeping the one at {@code appliedSequence} so the maximum never goes back. */
    static void prune(Connection sqlite, long appliedSequence) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement("DELETE FROM " + LOG + " WHERE seq < ?")) {
            ps.setLong(1, appliedSequence);
            ps.executeUpdate();
        }
    }

    /**
     * User tables: plain tables of the main schema, but SQLite's own and ours. Virtual tables (fts5,
     * rtree, ...) and their shadow tables are not: a trigger on a shadow table that its virtual table
     * writes itself crashes SQLite on the next insert (the shadow's write re-enters the module).
     */
    static List<String> userTables(Connection sqlite) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                        + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND substr(name, 1, 7) <> '" + PREFIX + "'"
                        + " ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The virtual tables of the main schema, with the module that serves each ({@code fts5}, {@code rtree}, ...). */
    static Map<String, String> virtualTables(Connection sqlite) throws SQLException {
        Map<String, String> modules = new LinkedHashMap<>();
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT l.name, m.sql FROM pragma_table_list l JOIN sqlite_master m ON m.name = l.name"
                        + " WHERE l.schema = 'main' AND l.type = 'virtual' AND substr(l.name, 1, 7) <> '" + PREFIX + "'")) {
            while (rs.next()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bUSING\\s+([A-Za-z0-9_]+)")
                        .matcher(String.valueOf(rs.getString(2)));
                modules.put(rs.getString(1), m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "unknown module");
            }
        }
        return modules;
    }

    /**
     * Drops capture triggers that stand on anything but a plain user table: on a virtual table's shadow
     * tables (what files written before this check may hold), on a virtual table, or left behind by a
     * table that is gone. Returns the names dropped.
     */
    static List<String> dropStrayTriggers(Connection sqlite) throws SQLException {
        List<String> stray = new ArrayList<>();
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT t.name FROM sqlite_master t WHERE t.type = 'trigger'"
                        + " AND substr(t.name, 1, 7) = '" + PREFIX + "' AND NOT EXISTS (SELECT 1 FROM pragma_table_list l"
                        + " WHERE l.schema = 'main' AND l.type = 'table' AND l.name = t.tbl_name)")) {
            while (rs.next()) {
                stray.add(rs.getString(1));
            }
        }
        for (String trigger : stray) {
            Sql.exec(sqlite, "DROP TRIGGER IF EXISTS " + Sql.quote(trigger));
        }
        return stray;
    }

    /** The reason a table cannot be replicated, if there is one: a WITHOUT ROWID key that JSON cannot hold. */
    static Optional<String> unreplicableReason(Connection sqlite, String table) throws SQLException {
        return unreplicableReason(describe(sqlite, table));
    }

    private static Optional<String> unreplicableReason(ReplicatedTable shape) {
        String table = shape.name();
        for (ReplicatedTable.Column c : shape.columns()) {
            if (shape.keyColumns().contains(c.name()) && (c.type() == ColumnType.BLOB || c.type() == ColumnType.ANY)) {
                return Optional.of("table " + table + " is WITHOUT ROWID with key column " + c.name()
                        + " of type " + (c.declaredType().isBlank() ? "(none)" : c.declaredType())
                        + ", which the replica cannot track rows by (declare the key INTEGER, TEXT, REAL or a date)");
            }
        }
        return Optional.empty();
    }

    private static boolean withoutRowid(Connection sqlite, String table) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement(
                "SELECT upper(sql) LIKE '%WITHOUT%ROWID%' FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Reads a table's columns from SQLite's catalog. */
    static ReplicatedTable describe(Connection sqlite, String table) throws SQLException {
        List<ReplicatedTable.Column> columns = new ArrayList<>();
        java.util.TreeMap<Integer, String> key = new java.util.TreeMap<>();
        // table_xinfo: generated columns too (hidden 2 and 3), which table_info leaves out; their values are copied as stored
        try (PreparedStatement ps = sqlite.prepareStatement(
                "SELECT name, type, pk FROM pragma_table_xinfo(?) WHERE hidden IN (0, 2, 3) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String declared = rs.getString(2);
                    columns.add(new ReplicatedTable.Column(rs.getString(1), declared, ColumnType.fromDeclared(declared)));
                    if (rs.getInt(3) > 0) {
                        key.put(rs.getInt(3), rs.getString(1));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("no such table: " + table, "42S02");
        }
        if (withoutRowid(sqlite, table)) {
            return new ReplicatedTable(table, columns, new ArrayList<>(key.values()));
        }
        String pk = key.size() == 1 ? key.firstEntry().getValue() : null;
        return new ReplicatedTable(table, columns, List.of(), pk != null && isRowidAlias(sqlite, table, pk, columns) ? pk : null);
    }

    /**
     * Whether the single primary-key column {@code pk} of a rowid table is another name for the rowid:
     * declared exactly {@code INTEGER} (https://www.sqlite.org/lang_createtable.html#rowid), and without
     * an index of its own, which tells apart the one exception, {@code INTEGER PRIMARY KEY DESC}.
     */
    private static boolean isRowidAlias(Connection sqlite, String table, String pk, List<ReplicatedTable.Column> columns)
            throws SQLException {
        boolean integer = columns.stream().anyMatch(c -> c.name().equals(pk) && "INTEGER".equalsIgnoreCase(c.declaredType()));
        if (!integer) {
            return false;
        }
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT count(*) FROM pragma_index_list(?) WHERE origin = 'pk'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 0;
            }
        }
    }

    static void installTriggers(Connection sqlite, ReplicatedTable table) throws SQLException {
        dropTriggers(sqlite, table.name());
        for (String create : triggerSql(table).values()) {
            Sql.exec(sqlite, create);
        }
        putMeta(sqlite, SIGNATURE_KEY + table.name(), table.signature());
    }

    /**
     * Gives every plain user table the replica could hold, and which lacks one or more of its capture
     * triggers (created, or altered through the facade, since the last reconcile), its triggers: the type
     * checks and the change log, without DuckDB. Its signature is not recorded (and a stale one is
     * deleted), so the next reconcile copies the table whole, as it would have without the triggers.
     * Returns the tables given triggers.
     */
    static List<String> captureUncaptured(Connection sqlite) throws SQLException {
        List<String> captured = new ArrayList<>();
        for (String table : userTables(sqlite)) {
            ReplicatedTable shape = describe(sqlite, table);
            if (unreplicableReason(shape).isPresent() || triggers(sqlite, shape) != Triggers.MISSING) {
                continue;
            }
            dropTriggers(sqlite, table); // what is left of them, the signature and the mark
            for (String create : triggerSql(shape).values()) {
                Sql.exec(sqlite, create);
            }
            captured.add(table);
        }
        return captured;
    }

    /** How a replicated table's capture triggers stand in the file. */
    enum Triggers {
        /** All three, as this version writes them. */
        INTACT,
        /** All three, written by an earlier version: replacing them in one transaction misses nothing. */
        OUTDATED,
        /** One or more dropped: changes may have gone unlogged, so the table must be copied again. */
        MISSING
    }

    /** Compares {@code table}'s capture triggers in the file with what {@link #installTriggers} writes. */
    static Triggers triggers(Connection sqlite, ReplicatedTable table) throws SQLException {
        Map<String, String> expected = triggerSql(table);
        Map<String, String> actual = new java.util.HashMap<>();
        try (PreparedStatement ps = sqlite.prepareStatement(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND substr(name, 1, 7) = '" + PREFIX + "'")) {
            ps.setString(1, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actual.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (!actual.keySet().containsAll(expected.keySet())) {
            return Triggers.MISSING;
        }
        return actual.equals(expected) ? Triggers.INTACT : Triggers.OUTDATED;
    }

    /** The CREATE TRIGGER statements of {@code table}'s capture, by trigger name. */
    private static Map<String, String> triggerSql(ReplicatedTable table) {
        String t = Sql.quote(table.name());
        String tableLiteral = Sql.literal(table.name());
        String checks = typeChecks(table);
        String target = table.keyed() ? "(tbl, pk)" : "(tbl, rid)";
        String newId = table.identity("NEW");
        String oldId = table.identity("OLD");
        // a rowid table logs an insert only at or below its high-water mark; appends are scanned for
        String insertLog = table.keyed()
                ? "INSERT INTO " + LOG + target + " VALUES (" + tableLiteral + ", " + newId + "); "
                : "INSERT INTO " + LOG + target + " SELECT " + tableLiteral + ", NEW.rowid WHERE NEW.rowid <= coalesce((SELECT hwm FROM "
                        + HWM + " WHERE tbl = " + tableLiteral + "), -9223372036854775808); ";
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put(PREFIX + "i_" + table.name(), "CREATE TRIGGER " + triggerName("i", table.name()) + " AFTER INSERT ON " + t
                + " BEGIN " + checks + insertLog + "END");
        sql.put(PREFIX + "u_" + table.name(), "CREATE TRIGGER " + triggerName("u", table.name()) + " AFTER UPDATE ON " + t
                + " BEGIN " + checks
                + "INSERT INTO " + LOG + target + " SELECT " + tableLiteral + ", " + oldId + " WHERE " + oldId + " <> " + newId + "; "
                + "INSERT INTO " + LOG + target + " VALUES (" + tableLiteral + ", " + newId + "); END");
        sql.put(PREFIX + "d_" + table.name(), "CREATE TRIGGER " + triggerName("d", table.name()) + " AFTER DELETE ON " + t
                + " BEGIN INSERT INTO " + LOG + target + " VALUES (" + tableLiteral + ", " + oldId + "); END");
        return sql;
    }

    static void dropTriggers(Connection sqlite, String table) throws SQLException {
        for (String kind : TRIGGER_KINDS) {
            Sql.exec(sqlite, "DROP TRIGGER IF EXISTS " + triggerName(kind, table));
        }
        deleteMeta(sqlite, SIGNATURE_KEY + table);
        try (PreparedStatement ps = sqlite.prepareStatement("DELETE FROM " + HWM + " WHERE tbl = ?")) {
            ps.setString(1, table);
            ps.executeUpdate();
        }
    }

    /** Raises {@code table}'s high-water mark to its current largest rowid (never lowers it); returns the mark. */
    static long raiseHighWaterMark(Connection sqlite, String table) throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement("INSERT INTO " + HWM + "(tbl, hwm) SELECT ?, coalesce(max(rowid), 0) FROM "
                + Sql.quote(table) + " WHERE true ON CONFLICT(tbl) DO UPDATE SET hwm = max(hwm, excluded.hwm)")) {
            ps.setString(1, table);
            ps.executeUpdate();
        }
        return highWaterMarks(sqlite).getOrDefault(table, 0L);
    }

    /** Every table's high-water mark. */
    static Map<String, Long> highWaterMarks(Connection sqlite) throws SQLException {
        Map<String, Long> marks = new LinkedHashMap<>();
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("SELECT tbl, hwm FROM " + HWM)) {
            while (rs.next()) {
                marks.put(rs.getString(1), rs.getLong(2));
            }
        }
        return marks;
    }

    /** The largest rowid of {@code table}, or 0. */
    static long maxRowid(Connection sqlite, String table) throws SQLException {
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(rowid), 0) FROM " + Sql.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * One trigger statement checking every column (a statement per column costs a trigger sub-program
     * step each): it raises the first failing column's message. Each message is a literal inside the
     * CASE, as SQLite before 3.47 requires of RAISE: older tools must still be able to open the file.
     */
    private static String typeChecks(ReplicatedTable table) {
        StringJoiner allFit = new StringJoiner(" AND ");
        StringBuilder firstMisfit = new StringBuilder("CASE");
        for (ReplicatedTable.Column c : table.storedColumns()) { // SQLite itself keeps a rowid alias an integer
            String check = c.sqliteCheck("NEW." + Sql.quote(c.name()));
            if (check != null) {
                String fits = "coalesce((" + check + "), 0)";
                String message = "lumos: value for " + table.name() + "." + c.name() + " does not fit its declared type "
                        + (c.declaredType().isBlank() ? c.type().name() : c.declaredType())
                        + (c.type() == ColumnType.TEXT || c.type() == ColumnType.ANY ? " (or is text with a NUL character)" : "");
                allFit.add(fits);
                firstMisfit.append(" WHEN NOT ").append(fits).append(" THEN RAISE(ABORT, ").append(Sql.literal(message)).append(')');
            }
        }
        if (allFit.length() == 0) {
            return "";
        }
        return "SELECT " + firstMisfit + " END WHERE NOT (" + allFit + "); ";
    }

    private static String triggerName(String kind, String table) {
        return Sql.quote(PREFIX + kind + "_" + table);
    }
}
