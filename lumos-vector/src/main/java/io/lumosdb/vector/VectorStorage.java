package io.lumosdb.vector;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * The SQL access a database gives its vector collections: the source of truth is the database's own
 * SQLite file, written through its writer so that its replication and caches see every change.
 *
 * <pre>{@code
 * VectorStorage storage = new VectorStorage() {
 *     public <T> T write(Set<String> tables, boolean schemaChange, SqlWork<T> work) throws SQLException { ... }
 *     public <T> T read(SqlWork<T> work) throws SQLException { ... }
 *     public Path directory() { return dir; }
 * };
 * VectorCollections vectors = VectorCollections.open(storage);
 * }</pre>
 */
public interface VectorStorage {
    /** Work on a JDBC connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on the database's writer: committed when it returns, rolled
     * back when it throws. {@code tables} are the tables it writes; {@code schemaChange} says it creates
     * or drops tables.
     */
    <T> T write(Set<String> tables, boolean schemaChange, SqlWork<T> work) throws SQLException;

    /** Runs {@code work} on a connection that sees every committed write. */
    <T> T read(SqlWork<T> work) throws SQLException;

    /** A directory of the database's where index snapshots may be kept. */
    Path directory();

    /**
     * A search ran with {@code plan} ({@code hnsw}, {@code hnsw_filtered}, {@code exact_scan} or
     * {@code hybrid}) and took {@code nanos}: for metrics. Called on the searching thread; it must be quick.
     */
    default void searched(String plan, long nanos) {}
}
