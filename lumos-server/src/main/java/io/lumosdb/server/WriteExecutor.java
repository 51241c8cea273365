package io.lumosdb.server;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Where the server sends the SQL writes it accepts, and what it asks before a read: by default the
 * database itself; a replicated deployment (lumos-cluster) puts its consensus log here, so that a write
 * reaches every node and a read can wait until this node has seen what it must.
 *
 * <pre>{@code
 * LumosServer server = LumosServer.builder()
 *         .database(db)
 *         .writeExecutor(raftWrites)          // e.g. lumos-cluster's, which runs writes through Raft
 *         .start();
 * }</pre>
 *
 * <p>The server calls {@link #write} for {@code POST /v1/sql} writes and for {@code POST /v1/batch}
 * batches made of writes only; {@link #beforeRead} before the reads of those two routes with the
 * request's {@code "consistency"} field; {@link #createKey} and {@link #revokeKey} for the admin API's key
 * changes; {@link #change} for vector collection and agent memory changes (session messages included);
 * {@link #beforeLocalWrite} before any other change it makes to this node only (a batch mixing reads and
 * writes), which an executor that replicates refuses unless it carries that change itself.
 */
public interface WriteExecutor {
    /** One statement and its parameters, bound to {@code ?} in order. */
    record Statement(String sql, Object[] params) {
        public Statement {
            Objects.requireNonNull(sql, "sql");
            params = params == null ? new Object[0] : params.clone();
        }

        @Override
        public Object[] params() {
            return params.clone();
        }
    }

    /**
     * Runs writes: all in one transaction when {@code transaction}, else each on its own, stopping at
     * the first that fails (the ones before it stay).
     *
     * @return the rows changed by each statement, in order
     * @throws SQLException as the database's {@code update}; a failing statement of several is named
     *     ({@code statements[2]: ...}); {@link RetryLaterException} when the write cannot be taken now
     */
    long[] write(List<Statement> statements, boolean transaction, long timeoutMs) throws SQLException;

    /**
     * Called before a read runs, with the request's {@code "consistency"} ({@code null} when absent).
     *
     * @throws SQLException if the level is unknown or cannot be reached within {@code timeoutMs}
     */
    void beforeRead(String consistency, long timeoutMs) throws SQLException;

    /**
     * Makes a change to vector collections or agent memory: on this server's database by default; an
     * executor that replicates carries it to every node, which applies it with {@link StoreChange#applyTo}.
     *
     * @throws SQLException as {@link StoreChange#applyTo}; {@link RetryLaterException} when it cannot be taken now
     */
    StoreChange.Outcome change(StoreChange change) throws SQLException;

    /**
     * Called before a change this executor does not carry ({@code "a batch that both reads and writes"}).
     *
     * @throws SQLException to refuse it, with a message naming {@code what}
     */
    void beforeLocalWrite(String what) throws SQLException;

    /**
     * Makes an API key as {@code POST /v1/admin/keys} asks: by default in this server's key file; an
     * executor that replicates carries the key's record and hash (never its secret) to every node.
     *
     * @throws SQLException if the key cannot be stored (or carried)
     */
    default ApiKeys.Issued createKey(ApiKeys keys, Role role, String name, String user, java.util.Set<String> collections)
            throws SQLException {
        return keys.create(role, name, user, collections);
    }

    /**
     * Revokes a key as {@code DELETE /v1/admin/keys/{id}} asks: by default in this server's key file.
     *
     * @return the key revoked, or empty if no key has that id or name
     * @throws SQLException if the change cannot be stored (or carried)
     */
    default java.util.Optional<ApiKey> revokeKey(ApiKeys keys, String idOrName) throws SQLException {
        return keys.revoke(idOrName);
    }

    /**
     * The error of statement {@code index} of a {@link #write}: its message says which
     * ({@code statements[2]: ...}); the server answers it as {@code cause} (409 for a constraint, ...).
     */
    static SQLException failedAt(int index, SQLException cause) {
        return new SQLExceptionAt(index, cause);
    }
}
