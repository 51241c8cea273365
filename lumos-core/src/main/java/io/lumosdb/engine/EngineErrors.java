package io.lumosdb.engine;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns an engine's exception into the JDBC subtype that says what kind of problem it is, with a
 * message that names the engine, the route and the statement, and keeps the engine's own message,
 * SQL state and vendor code (and the engine exception as the cause).
 *
 * <p>Message form: {@code [OLTP/SQLite] no such table: ordrs -- in: SELECT * FROM ordrs WHERE id = ?}
 */
public final class EngineErrors {
    private static final int MAX_SQL_IN_MESSAGE = 300;

    private EngineErrors() {}

    /** Wraps an error raised by SQLite (the OLTP route); an error already wrapped is returned as it is. */
    public static SQLException sqlite(SQLException e, String sql) {
        if (e.getMessage() != null && e.getMessage().startsWith("[OLTP")) {
            return e;
        }
        String message = "[OLTP/SQLite] " + sqliteMessage(e) + " -- in: " + shorten(sql);
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            String name = code.name();
            if (name.startsWith("SQLITE_CONSTRAINT_TRIGGER") || e.getMessage().contains("lumos: value for")) {
                return new SQLDataException(message, "22018", code.code, e);
            }
            if (name.startsWith("SQLITE_CONSTRAINT")) {
                return new SQLIntegrityConstraintViolationException(message, "23000", code.code, e);
            }
            if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                return new SQLTransientException(message, "40001", code.code, e);
            }
            if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_FULL") || name.startsWith("SQLITE_IOERR")
                    || name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_CORRUPT")) {
                return new SQLNonTransientException(message, "58030", code.code, e);
            }
            if (name.startsWith("SQLITE_RANGE") || name.startsWith("SQLITE_MISMATCH") || name.startsWith("SQLITE_TOOBIG")) {
                return new SQLDataException(message, "22023", code.code, e);
            }
            if (name.startsWith("SQLITE_ERROR") && e.getMessage().contains("integer overflow")) {
                return new SQLDataException(message, "22003", code.code, e); // as DuckDB's HUGEINT sum that does not fit
            }
            if (name.startsWith("SQLITE_ERROR")) {
                return new SQLSyntaxErrorException(message, "42000", code.code, e);
            }
        }
        return new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
    }

    /**
     * {@code e} (already wrapped) with the position of the failing row of a batch added to its message,
     * as the same kind of exception.
     */
    public static SQLException atBatchRow(SQLException e, int row, int rows) {
        String m = e.getMessage() + " (values row " + row + " of " + rows + " in the batch; nothing of the batch was written)";
        if (e instanceof SQLIntegrityConstraintViolationException) {
            return new SQLIntegrityConstraintViolationException(m, e.getSQLState(), e.getErrorCode(), e);
        }
        if (e instanceof SQLDataException) {
            return new SQLDataException(m, e.getSQLState(), e.getErrorCode(), e);
        }
        if (e instanceof SQLSyntaxErrorException) {
            return new SQLSyntaxErrorException(m, e.getSQLState(), e.getErrorCode(), e);
        }
        if (e instanceof SQLTransientException) {
            return new SQLTransientException(m, e.getSQLState(), e.getErrorCode(), e);
        }
        if (e instanceof SQLNonTransientException) {
            return new SQLNonTransientException(m, e.getSQLState(), e.getErrorCode(), e);
        }
        return new SQLException(m, e.getSQLState(), e.getErrorCode(), e);
    }

    /**
     * Wraps an error raised by DuckDB (the OLAP route), which names the kind of error at the start of its
     * message; an error already wrapped is returned as it is.
     */
    public static SQLException duckdb(SQLException e, String sql) {
        if (e.getMessage() != null && e.getMessage().startsWith("[OLAP")) {
            return e;
        }
        String engineMessage = firstLine(e.getMessage());
        String message = "[OLAP/DuckDB] " + engineMessage + " -- in: " + shorten(sql);
        String lower = engineMessage.toLowerCase(Locale.ROOT);
        if (e instanceof SQLDataException) {
            return new SQLDataException(message, e.getSQLState(), e.getErrorCode(), e); // ours, from reading a value
        }
        if (e instanceof SQLSyntaxErrorException) {
            return new SQLSyntaxErrorException(message, e.getSQLState(), e.getErrorCode(), e); // ours: not one SELECT
        }
        if (lower.startsWith("parser error") || lower.startsWith("catalog error") || lower.startsWith("binder error")) {
            return new SQLSyntaxErrorException(message, "42000", e.getErrorCode(), e);
        }
        if (lower.startsWith("conversion error") || lower.startsWith("invalid input error") || lower.startsWith("out of range error")) {
            return new SQLDataException(message, "22000", e.getErrorCode(), e);
        }
        if (lower.startsWith("constraint error")) {
            return new SQLIntegrityConstraintViolationException(message, "23000", e.getErrorCode(), e);
        }
        if (lower.startsWith("io error") || lower.startsWith("out of memory error")) {
            return new SQLNonTransientException(message, "58030", e.getErrorCode(), e);
        }
        return new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
    }

    /** A statement for messages: whitespace folded, cut at a readable length. */
    public static String shorten(String sql) {
        String folded = sql.strip().replaceAll("\\s+", " ");
        return folded.length() <= MAX_SQL_IN_MESSAGE ? folded : folded.substring(0, MAX_SQL_IN_MESSAGE) + "...";
    }

    private static String sqliteMessage(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // sqlite-jdbc: "[SQLITE_ERROR] SQL error or missing database (no such table: t)" -> keep the specific part too
        return firstLine(m);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
