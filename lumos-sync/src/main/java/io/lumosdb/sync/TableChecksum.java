package io.lumosdb.sync;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Compares one replicated table on both engines, in the snapshots the caller holds: row counts and the
 * largest rowid (the cheap check made at open), or a checksum of every row ({@link RowDigest}).
 * Reads only; the caller decides what a difference costs (a copy of the table from SQLite).
 */
final class TableChecksum {
    private final Connection sqlite;
    private final DuckDBConnection duck;
    private final boolean utf8;

    TableChecksum(Connection sqlite, DuckDBConnection duck, boolean utf8) {
        this.sqlite = sqlite;
        this.duck = duck;
        this.utf8 = utf8;
    }

    /** What one side holds of a table. */
    record Side(long rows, long maxRowid, long checksum) {}

    /** SQLite's side: rows, largest rowid (0 for a keyed table) and, if {@code deep}, the checksum. */
    Side sqlite(ReplicatedTable shape, boolean deep) throws SQLException {
        if (!deep) {
            try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), "
                    + (shape.keyed() ? "0" : "coalesce(max(rowid), 0)") + " FROM " + Sql.quote(shape.name()))) {
                rs.next();
                return new Side(rs.getLong(1), rs.getLong(2), 0);
            }
        }
        long rows = 0;
        long max = 0;
        long sum = 0;
        List<ReplicatedTable.Column> columns = shape.storedColumns();
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT " + shape.selectList(Sql.quote(shape.name())) + " FROM "
                + Sql.quote(shape.name())); ResultSet rs = ps.executeQuery()) {
            SqliteRowReader reader = SqliteRowReader.of(ps, shape, utf8);
            while (rs.next()) {
                Object[] row = reader.read(rs);
                RowDigest d = new RowDigest().add(row[0]);
                for (int c = 0; c < columns.size(); c++) {
                    d.add(ValueConverter.replicaValue(shape, columns.get(c), row[0], row[c + 1]));
                }
                sum += d.value();
                rows++;
                if (!shape.keyed()) {
                    max = Math.max(max, (Long) row[0]);
                }
            }
        }
        return new Side(rows, max, sum);
    }

    /** DuckDB's side, as {@link #sqlite}. */
    Side replica(ReplicatedTable shape, boolean deep) throws SQLException {
        String identity = shape.keyed() ? ReplicaStore.KEY : ReplicaStore.ROWID;
        String table = ReplicaStore.dataTable(shape.name());
        if (!deep) {
            try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), "
                    + (shape.keyed() ? "0" : "coalesce(max(" + identity + "), 0)") + " FROM " + table)) {
                rs.next();
                return new Side(rs.getLong(1), rs.getLong(2), 0);
            }
        }
        StringBuilder select = new StringBuilder("SELECT " + identity);
        for (ReplicatedTable.Column c : shape.storedColumns()) {
            select.append(", ").append(Sql.quote(c.name()));
        }
        long rows = 0;
        long max = 0;
        long sum = 0;
        List<ReplicatedTable.Column> columns = shape.storedColumns();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(select + " FROM " + table)) {
            while (rs.next()) {
                Object id = shape.keyed() ? rs.getString(1) : (Object) rs.getLong(1);
                RowDigest d = new RowDigest().add(id);
                for (int c = 0; c < columns.size(); c++) {
                    d.add(value(rs, c + 2, columns.get(c).type()));
                }
                sum += d.value();
                rows++;
                if (!shape.keyed()) {
                    max = Math.max(max, (Long) id);
                }
            }
        }
        return new Side(rows, max, sum);
    }

    /** DuckDB's value of a replica column, as {@link ValueConverter#replicaValue} gives SQLite's. */
    private static Object value(ResultSet rs, int i, ColumnType type) throws SQLException {
        Object raw = rs.getObject(i);
        if (raw == null) {
            return null;
        }
        return switch (type) {
            case INTEGER -> rs.getLong(i);
            case DOUBLE -> rs.getDouble(i);
            case BOOLEAN -> rs.getBoolean(i);
            case TEXT, ANY -> rs.getString(i);
            case BLOB -> rs.getBytes(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case F32_VECTOR -> floats(rs.getArray(i));
        };
    }

    private static float[] floats(Array array) throws SQLException {
        Object[] boxed = (Object[]) array.getArray();
        float[] f = new float[boxed.length];
        for (int k = 0; k < boxed.length; k++) {
            f[k] = ((Number) boxed[k]).floatValue();
        }
        return f;
    }
}
