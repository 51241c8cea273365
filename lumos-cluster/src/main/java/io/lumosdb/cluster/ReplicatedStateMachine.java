package io.lumosdb.cluster;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.server.ApiKeys;
import io.lumosdb.server.StoreChange;
import io.lumosdb.server.WriteExecutor;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of a node: it applies each committed write batch to the node's own
 * {@link LumosDB}, answers "how far have you applied" for the read levels, and takes and installs
 * snapshots as SQLite backups.
 *
 * <p><b>Exactly once.</b> The log index of the last batch applied is written in the same SQLite
 * transaction as the batch, in the database header's {@code user_version} (low 31 bits) and
 * {@code application_id} (high bits): a crash leaves both or neither. Ratis replays the log from the last
 * snapshot on restart; entries at or below the database's index are skipped. (rqlite instead rebuilds its
 * database from the snapshot and the log on every start; a Lumos node keeps its file, its DuckDB replica
 * and its vector indexes, and only replays what they miss.)
 *
 * <p><b>Determinism.</b> The leader rewrites each statement ({@link Determinism}) in
 * {@link #startTransaction} before the entry is logged, so every node applies the same literals. A
 * statement that fails fails on every node the same way; the batch is then rolled back (or, outside a
 * transaction, stops there) and the index is still recorded. Committed entries are applied in groups,
 * one SQLite transaction per group ({@link GroupApplier}).
 *
 * <p>Vector collection and agent memory changes are entries of their own ({@link StoreChangeEntry}): the
 * leader computes a memory's embedding, id and clock in {@link #startTransaction}, every node applies the
 * entry with {@link StoreChange#applyTo}, the index recorded in the same transaction where the change is one.
 *
 * <p><b>Snapshots.</b> {@link #takeSnapshot} writes {@code LumosDB.backupTo} (a consistent
 * {@code VACUUM INTO} copy) named by term and index; the leader sends that file to a node too far
 * behind, which puts it in place with {@code LumosDB.restore} ({@link DatabaseHost#replaceWith}).
 */
final class ReplicatedStateMachine extends BaseStateMachine implements GroupApplier.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStateMachine.class);
    static final byte QUERY_APPLIED = 'A';
    private static final String KEYS_TABLE = "_lumos_cluster_api_keys";

    /** The node's database, which a snapshot install replaces. */
    interface DatabaseHost {
        LumosDB db();

        /** The node's key file, which the server checks requests against. */
        ApiKeys keys();

        /** The agent memory of the database, opened on first use (the server serves the same one). */
        AgentMemory memory() throws SQLException;

        /** Closes the database, restores {@code backup} into its directory, opens it again. */
        void replaceWith(Path backup) throws IOException;
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final DatabaseHost host;
    private final SecureRandom seeds = new SecureRandom();
    private final Object appliedMonitor = new Object();
    private volatile long databaseIndex;

    private final GroupApplier applier;

    ReplicatedStateMachine(String owner, DatabaseHost host) {
        this.host = host;
        this.applier = new GroupApplier(owner, host, this);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            load();
        });
    }

    /** Before a snapshot install: Ratis expects the state machine PAUSED when it reloads it. */
    @Override
    public void pause() {
        try {
            applier.awaitIdle(); // nothing half-applied when the database is replaced
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** After a snapshot install: the database becomes the snapshot's. */
    @Override
    public void reinitialize() throws IOException {
        load();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /** Brings the database up to the latest snapshot if it is behind it (a snapshot just installed, or a lost file). */
    private void load() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        long applied = readDatabaseIndex();
        if (snapshot != null && applied < snapshot.getIndex()) {
            Path file = snapshot.getFile().getPath();
            LOG.info("database at log index {}, snapshot at {}: restoring {}", applied, snapshot.getIndex(), file);
            restoreFrom(file);
            applied = readDatabaseIndex();
        }
        databaseIndex = applied;
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot.getTermIndex());
        }
        LOG.info("state machine ready: database at log index {}, snapshot {}", applied, snapshot == null ? "none" : snapshot.getTermIndex());
        signalApplied();
    }

    private long readDatabaseIndex() throws IOException {
        try {
            return GroupApplier.readIndex(host.db());
        } catch (SQLException e) {
            throw new IOException("reading the applied log index from the database failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writes

    /** On the leader: the batch with SQLite's clock and random values fixed, as the log will hold it. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        if (!content.isEmpty() && content.byteAt(0) == KeyChange.FORMAT) {
            return TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request).setLogData(content).build();
        }
        if (!content.isEmpty() && content.byteAt(0) == StoreChangeEntry.FORMAT) {
            StoreChange change = fixed(StoreChangeEntry.decode(content.newInput()));
            return TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                    .setLogData(ByteString.copyFrom(StoreChangeEntry.encode(change))).build();
        }
        WriteBatch batch = WriteBatch.decode(request.getMessage().getContent().newInput());
        Instant now = Instant.now();
        SplittableRandom random = new SplittableRandom(seeds.nextLong());
        List<WriteExecutor.Statement> fixed = new ArrayList<>();
        for (WriteExecutor.Statement s : batch.statements()) {
            try {
                fixed.add(new WriteExecutor.Statement(Determinism.rewrite(s.sql(), s.params(), now, random), s.params()));
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                .setLogData(ByteString.copyFrom(new WriteBatch(batch.transaction(), fixed).encode())).build();
    }

    /**
     * On the leader: a remember or supersede gets its id, its embedding (this node's embedder runs, once for
     * the cluster) and the clock, a message append the clock, which the log then carries to every node.
     */
    private StoreChange fixed(StoreChange change) throws IOException {
        try {
            if (change instanceof StoreChange.Remember r && r.given() == null) {
                float[] embedding = host.memory().embeddingOf(r.memory());
                return new StoreChange.Remember(r.memory(), new StoreChange.Given(UUID.randomUUID().toString(), embedding, Instant.now()));
            }
            if (change instanceof StoreChange.Supersede s && s.given() == null) {
                float[] embedding = host.memory().embedder().embed(s.replacement().text());
                return new StoreChange.Supersede(s.oldId(), s.replacement(),
                        new StoreChange.Given(UUID.randomUUID().toString(), embedding, Instant.now()));
            }
            if (change instanceof StoreChange.AppendMessages a && a.now() == null) {
                return new StoreChange.AppendMessages(a.session(), a.messages(), Instant.now());
            }
        } catch (SQLException | RuntimeException e) {
            throw new IOException("the leader could not embed the memory's text: " + e.getMessage(), e);
        }
        return change;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        if (index <= databaseIndex) { // replayed after a restart: the database has it already (entries come in order)
            updateLastAppliedTermIndex(entry.getTerm(), index);
            signalApplied();
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        return applier.submit(entry); // group commit: GroupApplier
    }

    @Override
    public void applied(TermIndex last) {
        if (last.getIndex() > databaseIndex) {
            databaseIndex = last.getIndex(); // a configuration entry's index too: the database is up to it
        }
        updateLastAppliedTermIndex(last.getTerm(), last.getIndex());
        signalApplied();
    }

    /** A configuration entry Ratis applied itself: in log order behind the entries still being applied. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        try {
            if (applier.submitMarker(TermIndex.valueOf(term, index))) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.notifyTermIndexUpdated(term, index);
    }

    @Override
    public void failed(TermIndex entry, Exception cause) {
        // not the statement's fault (the database closed, the disk full, a corrupt entry): the node cannot go on
        // without diverging, so it stops applying; an operator restarts it and it replays from here
        LOG.error("applying log entry {} failed; this node stops applying until it is restarted", entry, cause);
        getServer().thenAccept(s -> new Thread(() -> {
            try {
                s.close();
            } catch (IOException closing) {
                LOG.warn("stopping the Raft server failed: {}", closing.toString());
            }
        }, "lumos-cluster stop-after-apply-failure").start());
    }

    // ---------------------------------------------------------------- reads

    /** Answers {@link #QUERY_APPLIED} with the index this node has applied (8 bytes). */
    @Override
    public CompletableFuture<Message> query(Message request) {
        ByteString content = request.getContent();
        if (content.size() != 1 || content.byteAt(0) != QUERY_APPLIED) {
            CompletableFuture<Message> f = new CompletableFuture<>();
            f.completeExceptionally(new IllegalArgumentException("unknown query to the Lumos state machine"));
            return f;
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(appliedIndex()).flip())));
    }

    /** The last log index applied here (or skipped as already in the database). */
    long appliedIndex() {
        TermIndex t = getLastAppliedTermIndex();
        return Math.max(t == null ? RaftLog.INVALID_LOG_INDEX : t.getIndex(), databaseIndex);
    }

    /**
     * Waits until this node has applied {@code index}.
     *
     * @return whether it did within {@code timeoutMs}
     */
    boolean awaitApplied(long index, long timeoutMs, java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (appliedMonitor) {
            while (appliedIndex() < index) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || giveUp.getAsBoolean()) {
                    return false;
                }
                appliedMonitor.wait(Math.min(left, 100)); // wakes to check giveUp: a snapshot install holds the updater
            }
            return true;
        }
    }

    private void signalApplied() {
        synchronized (appliedMonitor) {
            appliedMonitor.notifyAll();
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        if (!file.exists()) {
            Path partial = file.toPath().resolveSibling(file.getName() + ".partial");
            Files.deleteIfExists(partial);
            try {
                host.db().backupTo(partial);
                addKeys(partial, host.keys().stored());
            } catch (SQLException e) {
                Files.deleteIfExists(partial);
                throw new IOException("the snapshot at " + last + " failed: " + e.getMessage(), e);
            }
            Files.move(partial, file.toPath(), StandardCopyOption.ATOMIC_MOVE);
        }
        var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        LOG.info("snapshot at {}: {} ({} bytes)", last, file, file.length());
        return last.getIndex();
    }

    /**
     * Adds the node's API keys to a snapshot file, in a table of its own: a snapshot is the whole
     * replicated state, keys included (a user's backup, {@code LumosDB.backupTo}, never carries them).
     */
    private static void addKeys(Path snapshot, List<ApiKeys.Stored> keys) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + snapshot.toAbsolutePath())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + KEYS_TABLE + "(record BLOB NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + KEYS_TABLE + " VALUES (?)")) {
                for (ApiKeys.Stored k : keys) {
                    ps.setBytes(1, KeyChange.made(k).encode());
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** Puts a snapshot in place: its keys into the key file, the rest (without the keys' table) as the database. */
    private void restoreFrom(Path snapshot) throws IOException {
        Path copy = snapshot.resolveSibling(snapshot.getFileName() + ".restoring");
        Files.copy(snapshot, copy, StandardCopyOption.REPLACE_EXISTING);
        try {
            List<ApiKeys.Stored> keys = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath()); Statement st = c.createStatement()) {
                boolean present;
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + KEYS_TABLE + "'")) {
                    present = rs.next() && rs.getInt(1) == 1;
                }
                if (present) {
                    try (ResultSet rs = st.executeQuery("SELECT record FROM " + KEYS_TABLE)) {
                        while (rs.next()) {
                            keys.add(KeyChange.decode(new java.io.ByteArrayInputStream(rs.getBytes(1))).stored());
                        }
                    }
                    st.execute("DROP TABLE " + KEYS_TABLE);
                }
            }
            host.replaceWith(copy);
            host.keys().replaceAll(keys);
        } catch (SQLException e) {
            throw new IOException("restoring the snapshot " + snapshot + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Override
    public void close() throws IOException {
        applier.stop();
        super.close();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SingleFileSnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }
}
