package io.lumosdb.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 * applied sequence lives in {@code lumos_data._lumos_state}, written in the same transaction as the
 * data it covers.
 */
final class ReplicaStore {
    static final String SCHEMA = "lumos_data";
    static final String ROWID = "_lumos_rowid";
    static final String KEY = "_lumos_key";
    private static final String STATE = SCHEMA + "._lumos_state";
    /** Per rowid table, the rowid up to which the replica holds every appended row (see ChangeCapture.HWM). */
    private static final String HWM = SCHEMA + "._lumos_hwm";

    private final DuckDBConnection duck;
    private PreparedStatement updateState;
    private PreparedStatement updateHighWaterMark;
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

    /** The replica id and applied sequence recorded in DuckDB, if any. */
    Optional<State> state() throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT replica_id, applied_seq FROM " + STATE)) {
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
    }

    void setAppliedSequence(long appliedSequence) throws SQLException {
        if (updateState == null) {
            updateState = duck.prepareStatement("UPDATE " + STATE + " SET applied_seq = ?"); // once: DuckDB prepares slowly
        }
        updateState.setLong(1, appliedSequence);
        updateState.executeUpdate();
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
                marks.put(rs.getString(1), rs.getLong(2));
            }
        }
        return marks;
    }

    /**
     * Records {@code table}'s high-water mark, in the caller's transaction: an update of its row, prepared
     * once (the worker does this on every batch of appends), or the first row for the table.
     */
    void setHighWaterMark(String table, long hwm) throws SQLException {
        if (updateHighWaterMark == null) {
            updateHighWaterMark = duck.prepareStatement("UPDATE " + HWM + " SET hwm = ? WHERE tbl = ?");
        }
        updateHighWaterMark.setLong(1, hwm);
        updateHighWaterMark.setString(2, table);
        if (updateHighWaterMark.executeUpdate() == 0) {
            try (PreparedStatement ins = duck.prepareStatement("INSERT INTO " + HWM + " VALUES (?, ?)")) {
                ins.setString(1, table);
                ins.setLong(2, hwm);
                ins.executeUpdate();
            }
        }
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
