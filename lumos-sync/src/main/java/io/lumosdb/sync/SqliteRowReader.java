package io.lumosdb.sync;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * Reads the current row of a query on SQLite as {@code identity, columns...}: the identity as a Long
 * rowid, or a {@code WITHOUT ROWID} table's key as its json_array text, then each value typed as
 * sqlite-jdbc's {@code getObject} types it (Integer or Long, Double, String, byte[] or null).
 *
 * <p>Reading SQLite bounded bulk copies (docs/benchmarks-log.md, sessions 8 and 9), and most of that time
 * is spent crossing into native code, not in SQLite. sqlite-jdbc's {@code getString} hands each text over
 * in a new direct ByteBuffer, which costs more than the rest of a typical row; this reader takes the
 * text's bytes instead ({@code sqlite3_column_blob} gives a text's own bytes: UTF-8 in a UTF-8
 * database) and decodes them in Java, and it reads all of a row's values under one lock of the
 * statement. On 1M rows of four columns that is about a quarter less time than {@code getObject}.
 *
 * <p>It goes through sqlite-jdbc's {@code CoreStatement} (public, and the driver this module is built
 * on); where that is not available, or the database's text encoding is UTF-16, it reads through plain
 * JDBC with the same results.
 */
final class SqliteRowReader {
    // sqlite3_column_type's codes
    private static final int SQLITE_INTEGER = 1;
    private static final int SQLITE_FLOAT = 2;
    private static final int SQLITE_TEXT = 3;
    private static final int SQLITE_BLOB = 4;

    private final SafeStmtPtr pointer; // null: plain JDBC
    private final boolean keyed;
    private final int width;

    private SqliteRowReader(SafeStmtPtr pointer, boolean keyed, int width) {
        this.pointer = pointer;
        this.keyed = keyed;
        this.width = width;
    }

    /**
     * A reader for the rows of queries run on {@code statement} that select {@code shape}'s identity and
     * then its stored columns; {@code utf8} tells whether the database's encoding is UTF-8.
     */
    static SqliteRowReader of(Statement statement, ReplicatedTable shape, boolean utf8) throws SQLException {
        SafeStmtPtr pointer = utf8 && statement.isWrapperFor(CoreStatement.class)
                ? statement.unwrap(CoreStatement.class).pointer : null;
        return new SqliteRowReader(pointer, shape.keyed(), shape.storedColumns().size() + 1);
    }

    /** Whether the database's text is UTF-8 (SQLite's default), which the native read assumes. */
    static boolean isUtf8(Connection sqlite) throws SQLException {
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("PRAGMA encoding")) {
            return rs.next() && "UTF-8".equalsIgnoreCase(rs.getString(1));
        }
    }

    /** Whether rows are read through sqlite-jdbc's native statement rather than plain JDBC. */
    boolean isNative() {
        return pointer != null;
    }

    /** The row {@code rows} (a result of this reader's statement) is on. */
    Object[] read(ResultSet rows) throws SQLException {
        if (pointer == null) {
            return readByJdbc(rows);
        }
        return pointer.safeRun((db, statement) -> {
            Object[] row = new Object[width];
            row[0] = keyed ? value(db, statement, 0) : (Object) db.column_long(statement, 0);
            for (int c = 1; c < width; c++) {
                row[c] = value(db, statement, c);
            }
            return row;
        });
    }

    private static Object value(DB db, long statement, int column) throws SQLException {
        switch (db.column_type(statement, column)) {
            case SQLITE_INTEGER -> {
                long v = db.column_long(statement, column);
                return v == (int) v ? (Object) (int) v : (Object) v; // as getObject: Integer when it fits
            }
            case SQLITE_FLOAT -> {
                return db.column_double(statement, column);
            }
            case SQLITE_TEXT -> {
                byte[] utf8 = db.column_blob(statement, column);
                return utf8 == null ? "" : new String(utf8, StandardCharsets.UTF_8);
            }
            case SQLITE_BLOB -> {
                return db.column_blob(statement, column); // what getObject returns for a blob
            }
            default -> {
                return null;
            }
        }
    }

    private Object[] readByJdbc(ResultSet rows) throws SQLException {
        Object[] row = new Object[width];
        row[0] = keyed ? rows.getString(1) : (Object) rows.getLong(1);
        for (int c = 1; c < width; c++) {
            row[c] = rows.getObject(c + 1);
        }
        return row;
    }
}
