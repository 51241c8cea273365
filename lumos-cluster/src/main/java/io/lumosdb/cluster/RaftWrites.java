package io.lumosdb.cluster;

import io.lumosdb.server.ApiKey;
import io.lumosdb.server.ApiKeys;
import io.lumosdb.server.RetryLaterException;
import io.lumosdb.server.Role;
import io.lumosdb.server.StoreChange;
import io.lumosdb.server.WriteExecutor;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The server's writes through the Raft log, and its read levels. A write is sent with the node's Raft
 * client, which finds the leader whichever node received the request (rqlite forwards to the leader
 * over its own channel; Ratis' client does that for us); the leader fixes the statement's clock and
 * random values, commits the entry on a majority, applies it, and its answer comes back.
 *
 * <p>Read levels ({@code "consistency"} of {@code POST /v1/sql}):
 * <ul>
 *   <li>{@code local}: this node's database as it is; may miss the latest writes.
 *   <li>{@code leader} (the default): this node first waits until it has applied what the leader had
 *       applied when asked; a read after an acknowledged write sees it, from any node. A leader cut off
 *       from the majority may not know yet that it was replaced (rqlite's "weak").
 *   <li>{@code linearizable}: Raft's ReadIndex: the leader confirms with a majority that it still leads,
 *       this node waits for that index, then reads.
 * </ul>
 */
final class RaftWrites implements WriteExecutor {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ClusterNode node;
    private final RaftClientPool clients;
    private final long writeTimeoutMs;
    /** Reads at level {@code leader} and {@code linearizable} share one request to the leader at a time. */
    private final SharedIndexRequest<RaftClientReply> leaderIndex;
    private final SharedIndexRequest<RaftClientReply> readIndex;

    RaftWrites(ClusterNode node, RaftClientPool clients, Duration writeTimeout) {
        this.node = node;
        this.clients = clients;
        this.writeTimeoutMs = writeTimeout.toMillis();
        this.leaderIndex = SharedIndexRequest.through(clients, c -> c.io().sendReadOnlyNonLinearizable(appliedQuery()));
        this.readIndex = SharedIndexRequest.through(clients, c -> c.io().sendReadOnly(appliedQuery(), node.selfId()));
    }

    @Override
    public long[] write(List<Statement> statements, boolean transaction, long timeoutMs) throws SQLException {
        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            try {
                Determinism.check(s.sql(), s.params()); // refused here, not after a round trip to the leader
            } catch (SQLException e) {
                throw WriteExecutor.failedAt(i, e);
            }
        }
        byte[] batch;
        try {
            batch = new WriteBatch(transaction, statements).encode();
        } catch (IllegalArgumentException e) {
            throw new SQLFeatureNotSupportedException(e.getMessage(), "0A000", e);
        }
        requireLeader("write");
        long wait = Math.min(timeoutMs, writeTimeoutMs);
        RaftClientReply reply = await(clients.send(c -> c.io().send(Message.valueOf(ByteString.copyFrom(batch)))), wait, "the write", false);
        ApplyOutcome outcome = outcome(reply);
        try {
            node.stateMachine().awaitApplied(reply.getLogIndex(), Math.min(wait, 2_000), node::replacingDatabase); // read-your-writes here too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!outcome.succeeded()) {
            throw WriteExecutor.failedAt(outcome.failedIndex(), outcome.exception());
        }
        return outcome.changed();
    }

    @Override
    public void beforeRead(String consistency, long timeoutMs) throws SQLException {
        String level = consistency == null ? "leader" : consistency.trim().toLowerCase(Locale.ROOT);
        requireNotReplacing();
        switch (level) {
            case "local" -> { }
            case "leader" -> {
                if (node.isLeader()) {
                    return;
                }
                requireLeader("read at level 'leader'");
                RaftClientReply reply = await(leaderIndex.answer(), timeoutMs, "asking the leader's index", true);
                long index = reply.getMessage().getContent().asReadOnlyByteBuffer().getLong();
                awaitLocal(index, timeoutMs);
            }
            case "linearizable" -> {
                requireLeader("read at level 'linearizable'");
                await(readIndex.answer(), timeoutMs, "the linearizable read's ReadIndex", true);
            }
            default -> throw new java.sql.SQLDataException("'consistency' must be local, leader or linearizable, was '" + consistency + "'", "22023");
        }
    }

    /** A key made here, its record and hash (never its secret) carried through the log to every node's key file. */
    @Override
    public ApiKeys.Issued createKey(ApiKeys keys, Role role, String name, String user, Set<String> collections) throws SQLException {
        ApiKeys.Issued issued = ApiKeys.issue(role, name, user, collections);
        propose(KeyChange.made(new ApiKeys.Stored(issued.key(), issued.sha256())).encode(), "the key");
        return issued;
    }

    @Override
    public Optional<ApiKey> revokeKey(ApiKeys keys, String idOrName) throws SQLException {
        List<ApiKey> matching = keys.list().stream().filter(k -> k.id().equals(idOrName)).toList();
        if (matching.isEmpty()) {
            matching = keys.list().stream().filter(k -> k.name().equals(idOrName)).toList();
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException(matching.size() + " keys are named '" + idOrName + "'; revoke one by its id");
        }
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        propose(KeyChange.revoked(matching.get(0).id()).encode(), "the key's revocation");
        return Optional.of(matching.get(0));
    }

    /**
     * A vector collection or agent memory change through the log, as its own entry ({@link StoreChangeEntry}):
     * the leader adds a remember's or supersede's id, embedding and clock before logging it, and every node
     * applies it to its own collections and memory.
     */
    @Override
    public StoreChange.Outcome change(StoreChange change) throws SQLException {
        ApplyOutcome outcome = outcome(propose(StoreChangeEntry.encode(change), "the vectors or memories"));
        if (!outcome.succeeded()) {
            throw outcome.exception();
        }
        return new StoreChange.Outcome(outcome.changed()[0], outcome.answer(), true);
    }

    /** Sends an entry that is not SQL through the log, and waits until this node applied it. */
    private RaftClientReply propose(byte[] entry, String what) throws SQLException {
        requireLeader("change of " + what);
        RaftClientReply reply = await(clients.send(c -> c.io().send(Message.valueOf(ByteString.copyFrom(entry)))), writeTimeoutMs, what, false);
        try {
            node.stateMachine().awaitApplied(reply.getLogIndex(), writeTimeoutMs, node::replacingDatabase);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reply;
    }

    private static ApplyOutcome outcome(RaftClientReply reply) throws SQLException {
        try {
            return ApplyOutcome.decode(reply.getMessage().getContent().toByteArray());
        } catch (IOException e) {
            throw new SQLException("the leader's answer to a write could not be read: " + e.getMessage(), "08006", e);
        }
    }

    @Override
    public void beforeLocalWrite(String what) throws SQLException {
        throw new SQLFeatureNotSupportedException(what + " would change this node only: lumos-cluster does not replicate it"
                + " (yet); in a cluster, change data through SQL (POST /v1/sql, POST /v1/batch of writes only), vector collections"
                + " and memories", "0A000");
    }

    private void awaitLocal(long index, long timeoutMs) throws SQLException {
        try {
            if (!node.stateMachine().awaitApplied(index, timeoutMs, node::replacingDatabase)) {
                requireNotReplacing();
                throw new SQLTimeoutException("this node did not reach the leader's log index " + index + " within " + timeoutMs
                        + " ms (it is at " + node.stateMachine().appliedIndex() + ")", "HYT00");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTimeoutException("interrupted while waiting for log index " + index, "HYT00", e);
        }
    }

    private void requireNotReplacing() throws RetryLaterException {
        if (node.replacingDatabase()) {
            throw new RetryLaterException("node " + node.nodeId() + " is installing a snapshot from the leader; retry, or read"
                    + " from another node", RETRY_AFTER);
        }
    }

    private void requireLeader(String what) throws RetryLaterException {
        if (!node.leaderKnown()) {
            throw new RetryLaterException("the cluster has no leader now (an election is under way, or this node cannot"
                    + " reach a majority); the " + what + " was not attempted", RETRY_AFTER);
        }
    }

    private static Message appliedQuery() {
        return Message.valueOf(ByteString.copyFrom(new byte[] {ReplicatedStateMachine.QUERY_APPLIED}));
    }

    /**
     * The reply, or an exception; a read gives up early when this node starts replacing its database. A
     * request given up on (timeout, interrupt) is cancelled, so Ratis does not send it again later.
     */
    private RaftClientReply await(CompletableFuture<RaftClientReply> future, long timeoutMs, String what, boolean read) throws SQLException {
        RaftClientReply reply;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean done = false;
        try {
            while (true) {
                try {
                    reply = future.get(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000L)), TimeUnit.MILLISECONDS);
                    done = true;
                    break;
                } catch (TimeoutException e) {
                    if (read && node.replacingDatabase()) {
                        requireNotReplacing(); // the request's client goes back to the pool when Ratis is done with it
                    }
                    if (System.nanoTime() >= deadline) {
                        throw e;
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new RetryLaterException(what + " got no answer from the leader within " + timeoutMs + " ms (a failover?);"
                    + " a write may or may not have been applied", RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException(what + " was interrupted", RETRY_AFTER);
        } catch (ExecutionException e) {
            done = true;
            throw failure(what, e.getCause());
        } finally {
            if (!done) {
                future.cancel(false);
            }
        }
        if (!reply.isSuccess()) {
            throw failure(what, reply.getException());
        }
        return reply;
    }

    private static SQLException failure(String what, Throwable cause) {
        if (cause instanceof StateMachineException sm && sm.getCause() != null) {
            cause = sm.getCause();
        }
        if (cause instanceof SQLException s) {
            return s;
        }
        if (cause instanceof StateMachineException sm) {
            return new SQLFeatureNotSupportedException(sm.getMessage(), "0A000", sm);
        }
        return new RetryLaterException(what + " failed: " + cause + " (a failover?); a write may or may not have been applied", RETRY_AFTER);
    }
}
