package io.lumosdb;

import java.nio.file.Path;
import java.sql.SQLNonTransientConnectionException;

/** The database directory is held open by another {@link LumosDB}, in this process or another. */
public class DatabaseLockedException extends SQLNonTransientConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * @param directory the database directory
     * @param why who holds it
     * @param cause the lock error, or null
     */
    public DatabaseLockedException(Path directory, String why, Throwable cause) {
        super("database directory " + directory + " is locked: " + why + " (close the other LumosDB first)", "55006", cause);
    }
}
