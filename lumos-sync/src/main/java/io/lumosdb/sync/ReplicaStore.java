package io.lumosdb.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB half of the replica: replica tables, their views, and the applied-sequence record.
 *
 * <p>Layout: the data of SQLite table {@code t} lives in {@code lumos_data."t"} with an extra
 * {@code _lumos_rowid} column (the SQLite rowid, the row's identity; for a {@code WITHOUT ROWID} table
 * {@code _lumos_key}, its primary key as SQLite's {@code json_array} text), and {@code main."t"} is a view
 * over it with exactly the user's columns, so analytical SQL sees the same table SQLite has. The
 * applied sequence and each rowid table's high-water mark live in {@code lumos_data._lumos_hwm} (the
 * sequence under the empty name, which no table has), written by a delete and an insert in the same
 * transaction as the data they cover; {@code lumos_data._lumos_state} holds the replica id (and, in files written
 * before the sequence moved, the sequence).
 */
final class ReplicaStore {
    static final String SCHEMA = "lumos_data";
    static final String ROWID = "_lumos_rowid";
    static final String KEY = "_lumos_key";
    private static final String STATE = SCHEMA + "._lumos_state";
    /** Per rowid table, the rowid up to which the replica holds every appended row (see ChangeCapture.HWM). */
    private static final String HWM = SCHEMA + "._lumos_hwm";
    /** The name in {@link #HWM} under which the applied sequence is kept: no table is called that. */
    private static final String APPLIED = "";

    private final DuckDBConnection duck;
    /**
     * The progress statements prepared so far (delete, insert), by the names they write; bounded (a batch's
     * names are few).
     */
    private final Map<List<String>, PreparedStatement[]> progressStatements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, PreparedStatement[]> eldest) {
            if (size() <= 16) {
                return false;
            }
            closeAllQuietly(eldest.getValue());
            return true;
        }
    };
    /** Per replica table, its prepared delete by identity; dropped with the table. */
    private final Map<String, PreparedStatement> deletes = new HashMap<>();

    ReplicaStore(DuckDBConnection duck) throws SQLException {
        this.duck = duck;
        duck.setAutoCommit(true);
        Sql.exec(duck, "CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        Sql.exec(duck, "CREATE TABLE IF NOT EXISTS " + STATE + " (replica_id VARCHAR NOT NULL, applied_seq BIGINT NOT NULL)");
        Sql.exec(duck, "CREATE TABLE IF NOT EXISTS " + HWM + " (tbl VARCHAR NOT NULL, hwm BIGINT NOT NULL)");
        duck.setAutoCommit(false);
    }

    DuckDBConnection connection() {
        return duck;
    }

    /**
     * The replica id and applied sequence recorded in DuckDB, if any. The sequence only grows (a rebuild
     * sets both records), so it is the larger of its row in {@link #HWM} and {@link #STATE}'s: the latter
     * is where files written before it moved keep it, and what an older version opening this file advances.
     */
    Optional<State> state() throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT s.replica_id,"
                + " greatest(s.applied_seq, coalesce(h.hwm, s.applied_seq)) FROM "
                + STATE + " s LEFT JOIN " + HWM + " h ON h.tbl = " + Sql.literal(APPLIED))) {
            return rs.next() ? Optional.of(new State(rs.getString(1), rs.getLong(2))) : Optional.empty();
        }
    }

    void setState(String replicaId, long appliedSequence) throws SQLException {
        Sql.exec(duck, "DELETE FROM " + STATE);
        try (PreparedStatement ps = duck.prepareStatement("INSERT INTO " + STATE + " VALUES (?, ?)")) {
            ps.setString(1, replicaId);
            ps.setLong(2, appliedSequence);
            ps.executeUpdate();
        }
        recordProgress(appliedSequence, Map.of());
    }

    /**
     * Records, in the caller's transaction, the applied sequence (null: unchanged) and the high-water
     * marks of {@code marks}' tables: one {@code DELETE} of their rows and one {@code INSERT} of the new
     * ones, both prepared once per set of names (the worker records its progress on every batch, and DuckDB
     * prepares slowly). Not an {@code UPDATE}: once an update commits while an older read is still running,
     * DuckDB refuses a {@code CHECKPOINT} statement until that read ends, and after a burst of writes a report
     * often still is when the idle worker checkpoints (a delete holds nothing back; DuckDB's own automatic
     * checkpoint is not affected either way; docs/benchmarks-log.md).
     */
    void recordProgress(Long appliedSequence, Map<String, Long> marks) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>(marks);
        if (appliedSequence != null) {
            values.put(APPLIED, appliedSequence);
        }
        if (values.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(values.keySet());
        PreparedStatement[] statements = progressStatements.get(names);
        if (statements == null) {
            String placeholders = String.join(", ", Collections.nCopies(names.size(), "?"));
            String rows = String.join(", ", Collections.nCopies(names.size(), "(?, ?)"));
            statements = new PreparedStatement[] {duck.prepareStatement("DELETE FROM " + HWM + " WHERE tbl IN (" + placeholders + ")"),
                duck.prepareStatement("INSERT INTO " + HWM + " VALUES " + rows)};
            progressStatements.put(names, statements);
        }
        int i = 1;
        int j = 1;
        for (Map.Entry<String, Long> v : values.entrySet()) {
            statements[0].setString(i++, v.getKey());
            statements[1].setString(j++, v.getKey());
            statements[1].setLong(j++, v.getValue());
        }
        statements[0].executeUpdate();
        statements[1].executeUpdate();
    }

    /**
     * After a rollback: every statement this store keeps (progress, deletes) is prepared again when next
     * used. DuckDB closes a prepared statement whose execution failed, and the next batch would otherwise
     * fail on that instead of on its cause.
     */
    void forgetPreparedStatements() {
        for (PreparedStatement[] statements : progressStatements.values()) {
            closeAllQuietly(statements);
        }
        progressStatements.clear();
        closeAllQuietly(deletes.values().toArray(new PreparedStatement[0]));
        deletes.clear();
    }

    private static void closeAllQuietly(PreparedStatement[] statements) {
        for (PreparedStatement ps : statements) {
            closeQuietly(ps);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // a statement of a connection that is closing: nothing to release
        }
    }

    /** (Re)creates the replica table and its view; any previous data of that name is dropped. */
    void create(ReplicatedTable table) throws SQLException {
        drop(table.name());
        StringJoiner cols = new StringJoiner(", ");
        cols.add(table.keyed() ? KEY + " VARCHAR NOT NULL" : ROWID + " BIGINT NOT NULL");
        for (ReplicatedTable.Column c : table.storedColumns()) {
            cols.add(Sql.quote(c.name()) + " " + c.duckType());
        }
        Sql.exec(duck, "CREATE TABLE " + dataTable(table.name()) + " (" + cols + ")");
        Sql.exec(duck, "CREATE VIEW main." + Sql.quote(table.name()) + " AS SELECT " + table.viewColumnList(ROWID)
                + " FROM " + dataTable(table.name()));
    }

    void drop(String table) throws SQLException {
        PreparedStatement delete = deletes.remove(table);
        if (delete != null) {
            delete.close();
        }
        Sql.exec(duck, "DROP VIEW IF EXISTS main." + Sql.quote(table));
        Sql.exec(duck, "DROP TABLE IF EXISTS " + dataTable(table));
        try (PreparedStatement ps = duck.prepareStatement("DELETE FROM " + HWM + " WHERE tbl = ?")) {
            ps.setString(1, table);
            ps.executeUpdate();
        }
    }

    /** Every replicated rowid table's high-water mark in DuckDB. */
    Map<String, Long> highWaterMarks() throws SQLException {
        Map<String, Long> marks = new HashMap<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT tbl, hwm FROM " + HWM)) {
            while (rs.next()) {
                if (!rs.getString(1).equals(APPLIED)) {
                    marks.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return marks;
    }

    /** Records {@code table}'s high-water mark, in the caller's transaction (see {@link #recordProgress}). */
    void setHighWaterMark(String table, long hwm) throws SQLException {
        recordProgress(null, Map.of(table, hwm));
    }

    /** Deletes the replica rows with rowids in {@code (above, upTo]}. */
    void deleteRowidRange(String table, long above, long upTo) throws SQLException {
        Sql.exec(duck, "DELETE FROM " + dataTable(table) + " WHERE " + ROWID + " > " + above + " AND " + ROWID + " <= " + upTo);
    }

    /** Every table that has replica data in DuckDB. */
    Set<String> tables() throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = duck.prepareStatement(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = ? AND NOT starts_with(table_name, '_lumos_')")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The highest rowid the replica of {@code table} holds, or {@code Long.MIN_VALUE} when it is empty. */
    long maxRowid(String table) throws SQLException {
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(" + ROWID + ") FROM " + dataTable(table))) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : max;
        }
    }

    void deleteRowids(String table, Collection<Long> rowids) throws SQLException {
        deleteIdentities(table, ROWID, "BIGINT", rowids.toArray(new Long[0]));
    }

    void deleteKeys(String table, Collection<String> keys) throws SQLException {
        deleteIdentities(table, KEY, "VARCHAR", keys.toArray(new String[0]));
    }

    /**
     * Deletes the replica rows whose identity column holds one of {@code identities}, passed as one array
     * to a statement prepared once per table: against an {@code IN} list of literals built each time,
     * DuckDB neither parses nor plans the list again (a 100-row delete on a 1M-row table: 9–13 ms against
     * 14–19 ms, docs/benchmarks-log.md).
     */
    private void deleteIdentities(String table, String identity, String type, Object[] identities) throws SQLException {
        if (identities.length == 0) {
            return;
        }
        PreparedStatement delete = deletes.get(table);
        if (delete == null) {
            delete = duck.prepareStatement("DELETE FROM " + dataTable(table) + " WHERE " + identity + " IN (SELECT unnest(?::" + type + "[]))");
            deletes.put(table, delete);
        }
        delete.setArray(1, duck.createArrayOf(type, identities));
        delete.executeUpdate();
    }

    DuckDBAppender appender(String table) throws SQLException {
        return duck.createAppender(SCHEMA, table);
    }

    static String dataTable(String table) {
        return SCHEMA + "." + Sql.quote(table);
    }

    record State(String replicaId, long appliedSequence) {}
}
