package io.lumosdb.engine;

import io.lumosdb.DatabaseLockedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * The database directory: {@code lumos.sqlite} (the source of truth), {@code lumos.duckdb} (the replica)
 * and {@code lumos.lock}, an OS file lock held while the database is open so that a second process (or
 * a second {@code LumosDB} in this one) gets a clear error instead of two writers on one file.
 */
public final class Storage implements AutoCloseable {
    private final Path directory;
    private final boolean temporary;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Storage(Path directory, boolean temporary, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.temporary = temporary;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it. */
    public static Storage open(Path directory, boolean temporary) throws SQLException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot create database directory " + directory + ": " + e, "08001", e);
        }
        requireWritable(directory);
        Path lockFile = directory.resolve("lumos.lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot open lock file " + lockFile + " (read-only directory?): " + e, "08001", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DatabaseLockedException(directory, "it is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SQLNonTransientConnectionException("cannot lock " + lockFile + ": " + e, "08001", e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new DatabaseLockedException(directory, "another process has it open", null);
        }
        return new Storage(directory, temporary, channel, lock);
    }

    /**
     * Fails before anything is opened, moved or written when Lumos-DB cannot write its directory or
     * files (a read-only mount, a file without write permission): otherwise SQLite's first write would
     * fail deep in setup with SQLITE_READONLY, after the replica had been judged unreadable.
     */
    private static void requireWritable(Path directory) throws SQLNonTransientConnectionException {
        for (Path p : new Path[] {directory, directory.resolve("lumos.sqlite"), directory.resolve("lumos.sqlite-wal"),
                directory.resolve("lumos.sqlite-shm"), directory.resolve("lumos.duckdb"), directory.resolve("lumos.duckdb.wal")}) {
            if (Files.exists(p) && !Files.isWritable(p)) {
                throw new SQLNonTransientConnectionException(p + " is read-only: Lumos-DB writes its database directory"
                        + " and files (SQLite's WAL and the replica even when only reading); nothing was opened or changed", "08001");
            }
        }
    }

    public Path directory() {
        return directory;
    }

    public Path sqliteFile() {
        return directory.resolve("lumos.sqlite");
    }

    public Path duckdbFile() {
        return directory.resolve("lumos.duckdb");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(lockChannel);
            if (temporary) {
                deleteRecursively(directory);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock is released with the channel; nothing else to do
        }
    }

    /** Deletes {@code root} and everything below it. */
    public static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary database directory " + root, e);
        }
    }
}
