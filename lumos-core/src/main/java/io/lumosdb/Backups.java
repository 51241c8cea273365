package io.lumosdb;

import io.lumosdb.engine.ConnectionLease;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

/**
 * Consistent copies of the source of truth, and putting one back.
 *
 * <p>Design: a backup is SQLite's {@code VACUUM INTO} run on a reader connection. In WAL mode a reader
 * holds one snapshot for the whole statement, so the copy is consistent (every transaction committed
 * before it began, none after) while writers go on; the result is a plain, compact SQLite file any
 * SQLite tool opens (https://www.sqlite.org/lang_vacuum.html#vacuuminto). The replica is not copied: it
 * is derived data, and an open rebuilds it from SQLite when it is missing. For the same reason a restore
 * removes the replica and the vector graph snapshots, so that nothing derived from the old contents
 * survives next to the new ones.
 */
final class Backups {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private Backups() {}

    /** See {@link LumosDB#backupTo}. */
    static void backupTo(SqliteEngine sqlite, StatementChecks checks, Path file) throws SQLException {
        checks.checkUsable("(backup)");
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new SQLDataException("the backup file " + target + " exists; name a new file (a backup never overwrites)", "22023");
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new SQLDataException("the backup file's directory " + target.getParent() + " does not exist", "22023");
        }
        try (ConnectionLease lease = sqlite.borrowReader();
                PreparedStatement ps = lease.statements().connection().prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            deleteQuietly(target);
            throw new SQLException("backup to " + target + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** See {@link LumosDB#restore}. */
    static void restore(Path directory, Path backup) throws SQLException {
        Path source = backup.toAbsolutePath().normalize();
        checkIsSqliteDatabase(source);
        try (Storage storage = Storage.open(directory, false)) { // the directory lock: no LumosDB has it open meanwhile
            Path sqliteFile = storage.sqliteFile();
            Path incoming = directory.resolve("lumos.sqlite.restoring");
            try {
                Files.copy(source, incoming, StandardCopyOption.REPLACE_EXISTING);
                checkIsSqliteDatabase(incoming);
                for (String derived : new String[] {"lumos.sqlite-wal", "lumos.sqlite-shm", "lumos.sqlite-journal",
                    "lumos.duckdb", "lumos.duckdb.wal"}) {
                    Files.deleteIfExists(directory.resolve(derived));
                }
                if (Files.exists(directory.resolve("vectors"))) {
                    Storage.deleteRecursively(directory.resolve("vectors"));
                }
                Files.move(incoming, sqliteFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | java.io.UncheckedIOException e) {
                deleteQuietly(incoming);
                throw new SQLNonTransientConnectionException("restoring " + source + " into " + directory + " failed: " + e, "58030", e);
            }
        }
    }

    /** Refuses anything but an intact SQLite database file. */
    private static void checkIsSqliteDatabase(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new SQLDataException("the backup " + file + " is not a file", "22023");
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, header.length) != header.length || !Arrays.equals(header, SQLITE_HEADER)) {
                throw new SQLDataException("the backup " + file + " is not a SQLite database file (its header is not SQLite's)", "22023");
            }
        } catch (IOException e) {
            throw new SQLDataException("the backup " + file + " cannot be read: " + e, "22023", e);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new SQLDataException("the backup " + file + " is damaged: " + verdict, "22023");
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a partial file left behind is named; the caller's error says what failed
        }
    }
}
