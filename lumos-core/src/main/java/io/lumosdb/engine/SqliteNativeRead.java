package io.lumosdb.engine;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * Runs a kept SQLite read through sqlite-jdbc's native statement rather than its {@code ResultSet}: binds
 * the values, steps, and reads each row's values under one lock of the statement, straight into the
 * value model ({@link Values}: Long, Double, String, byte[] or null).
 *
 * <p>Why: a point lookup spends a tenth of its time in sqlite-jdbc's result-set machinery rather than in
 * SQLite. {@code executeQuery} fetches every column's name again on each run, each {@code getObject} takes
 * the statement's lock twice (type, then value), and text comes over in a new direct ByteBuffer. Here a
 * row is one lock, a type and a value per column, and text is its UTF-8 bytes decoded in Java (the
 * technique of lumos-sync's row reader for bulk copies). Only for UTF-8 databases (SQLite's default) and
 * sqlite-jdbc's own statements; the caller falls back to JDBC otherwise. Cancel works as before: it
 * interrupts the connection, and the step in progress fails.
 *
 * <pre>{@code
 * if (SqliteNativeRead.supports(ps)) {
 *     Object[] values = {Values.bindable(1, id, false)};
 *     List<Object[]> rows = SqliteNativeRead.query(ps, values, 3, 10_000); // null: not 3 columns
 * }
 * }</pre>
 */
public final class SqliteNativeRead {
    // sqlite3 result codes and column types
    private static final int SQLITE_ROW = 100;
    private static final int SQLITE_DONE = 101;
    private static final int SQLITE_INTEGER = 1;
    private static final int SQLITE_FLOAT = 2;
    private static final int SQLITE_TEXT = 3;
    private static final int SQLITE_BLOB = 4;

    private SqliteNativeRead() {}

    /** Whether {@code ps} is sqlite-jdbc's own statement, which {@link #query} can run. */
    public static boolean supports(PreparedStatement ps) throws SQLException {
        return ps.isWrapperFor(CoreStatement.class);
    }

    /**
     * Runs {@code ps} (a {@link #supports supported}, open statement on a UTF-8 database) with
     * {@code values} (one per parameter, each as {@link Values#bindable} makes it), and returns its rows
     * of {@code width} values; at most {@code maxRows + 1}, so that the caller can tell a result that has
     * more than {@code maxRows}. Null if the statement's result does not have {@code width} columns (the
     * caller's labels are not this statement's): nothing was run. The statement is reset afterwards, as a
     * closed {@code ResultSet} would leave it.
     */
    public static List<Object[]> query(PreparedStatement ps, Object[] values, int width, int maxRows) throws SQLException {
        CoreStatement statement = ps.unwrap(CoreStatement.class);
        DB db = statement.getDatabase();
        SafeStmtPtr pointer = statement.pointer;
        if (pointer.safeRunInt((d, p) -> d.column_count(p)) != width) {
            return null;
        }
        List<Object[]> rows = new ArrayList<>(2);
        try {
            pointer.safeRunConsume((d, p) -> d.reset(p)); // as executeQuery does: a statement left mid-result starts again
            boolean row = db.execute(statement, values);
            while (row) {
                rows.add(pointer.safeRun((d, p) -> readRow(d, p, width)));
                if (rows.size() > maxRows) {
                    break;
                }
                int rc = pointer.safeRunInt((d, p) -> d.step(p));
                if (rc == SQLITE_DONE) {
                    row = false;
                } else if (rc != SQLITE_ROW) {
                    db.throwex(rc);
                }
            }
        } finally {
            if (!pointer.isClosed()) {
                pointer.safeRunConsume((d, p) -> d.reset(p));
            }
        }
        return rows;
    }

    private static Object[] readRow(DB db, long statement, int width) throws SQLException {
        Object[] row = new Object[width];
        for (int c = 0; c < width; c++) {
            row[c] = value(db, statement, c);
        }
        return row;
    }

    private static Object value(DB db, long statement, int column) throws SQLException {
        switch (db.column_type(statement, column)) {
            case SQLITE_INTEGER -> {
                return db.column_long(statement, column);
            }
            case SQLITE_FLOAT -> {
                return db.column_double(statement, column);
            }
            case SQLITE_TEXT -> {
                byte[] utf8 = db.column_blob(statement, column); // a text's own bytes: UTF-8 in a UTF-8 database
                return utf8 == null ? "" : new String(utf8, StandardCharsets.UTF_8);
            }
            case SQLITE_BLOB -> {
                return db.column_blob(statement, column); // as getObject: null for an empty blob
            }
            default -> {
                return null;
            }
        }
    }
}
