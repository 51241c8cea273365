package io.lumosdb.engine;

import io.lumosdb.DatabaseLockedException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;

/**
 * Tells why DuckDB could not open the replica file. Only a file DuckDB cannot read (corrupt, or of a
 * format it does not know) may be moved aside and rebuilt: a lock held by another process is never
 * corruption (the file is live, and moving it would break that process), and a file or directory Lumos
 * may not write is the user's to fix, so nothing is moved then either.
 */
final class DuckOpenFailure {
    private DuckOpenFailure() {}

    /** Whether {@code e} says the file itself is unreadable, rather than locked or not writable. */
    static boolean isUnreadableFile(SQLException e) {
        return !isLockConflict(e) && !isNotWritable(e);
    }

    /** The error to report for a file that is not unreadable: locked, or not writable, named as such. */
    static SQLException explain(Path file, SQLException e) {
        if (isLockConflict(e)) {
            return new DatabaseLockedException(file.getParent(), "another process holds its DuckDB replica " + file.getFileName()
                    + " (" + firstLine(e) + ")", e);
        }
        if (isNotWritable(e)) {
            return new SQLNonTransientConnectionException("cannot open the DuckDB replica " + file + " for writing: "
                    + firstLine(e) + "; Lumos-DB needs a writable database directory, and moved nothing", "08001", e);
        }
        return e;
    }

    private static boolean isLockConflict(SQLException e) {
        String m = lower(e);
        return m.contains("could not set lock") || m.contains("conflicting lock");
    }

    private static boolean isNotWritable(SQLException e) {
        String m = lower(e);
        return m.contains("permission denied") || m.contains("read-only file system") || m.contains("read only file system");
    }

    private static String lower(SQLException e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
