package io.lumosdb.cluster;

import io.lumosdb.LumosDB;
import io.lumosdb.Transaction;
import io.lumosdb.server.ApiKeys;
import io.lumosdb.server.StoreChange;
import io.lumosdb.server.WriteExecutor;
import java.io.IOException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed log entries to the node's database in groups: the entries waiting when the applier
 * thread comes round (up to {@link #MAX_GROUP}) run in <em>one</em> SQLite transaction that also records
 * the last entry's index, so a burst of writes costs one commit (one fsync, one replica wake-up) instead
 * of one each. Group commit, as databases do for their own log; Ratis allows it because
 * {@code applyTransaction} answers with a future and Ratis waits for those futures (in order) before it
 * takes a snapshot.
 *
 * <p><b>Same result as one transaction per entry.</b> A group runs only while every statement succeeds.
 * When one fails (a constraint, a type: deterministic, so every node meets it), the group is rolled back
 * and its entries are applied again one transaction each, with the per-entry rules (a {@code transaction}
 * batch all or nothing, otherwise the statements up to the failure), so the outcome never depends on how
 * entries happened to be grouped. API key changes, which write the key file, and vector collection and
 * memory changes ({@link StoreChangeEntry}), which write through their own transactions, run alone.
 *
 * <p>A failure of the node (database closed, disk full, corrupt entry) fails the group's futures and
 * every later one: the state machine stops the Raft server rather than diverge.
 */
final class GroupApplier {
    private static final Logger LOG = LoggerFactory.getLogger(GroupApplier.class);
    static final int MAX_GROUP = 256;
    private static final long LOW_BITS = 1L << 31;

    /** What the applier reports to the state machine. */
    interface Listener {
        /** Entries up to {@code last} are in the database (called in log order, before their futures complete). */
        void applied(TermIndex last);

        /** The node cannot apply {@code entry}; nothing later will be applied. */
        void failed(TermIndex entry, Exception cause);
    }

    /** A committed entry to apply, or (entry null) a marker: Ratis applied a configuration entry at {@code marker}. */
    private record Pending(LogEntryProto entry, CompletableFuture<Message> result, TermIndex marker) {
        long index() {
            return entry.getIndex();
        }

        ByteString data() {
            return entry.getStateMachineLogEntry().getLogData();
        }

        boolean keyChange() {
            return entry != null && !data().isEmpty() && data().byteAt(0) == KeyChange.FORMAT;
        }

        boolean storeChange() {
            return entry != null && !data().isEmpty() && data().byteAt(0) == StoreChangeEntry.FORMAT;
        }

        boolean alone() {
            return entry == null || keyChange() || storeChange();
        }
    }

    private final ReplicatedStateMachine.DatabaseHost host;
    private final Listener listener;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4 * MAX_GROUP);
    private final Thread thread;
    private final Object idle = new Object();
    private int inFlight; // queued or being applied; guarded by idle
    private volatile Exception failure;
    private volatile boolean stopped;

    GroupApplier(String owner, ReplicatedStateMachine.DatabaseHost host, Listener listener) {
        this.host = host;
        this.listener = listener;
        this.thread = new Thread(this::run, owner + " applier");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a committed entry (blocks Ratis' updater when {@code 4 * MAX_GROUP} are waiting: back-pressure). */
    CompletableFuture<Message> submit(LogEntryProto entry) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        if (failure != null || stopped) {
            result.completeExceptionally(new IOException("this node stopped applying the log", failure));
            return result;
        }
        synchronized (idle) {
            inFlight++;
        }
        try {
            queue.put(new Pending(entry, result, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done(1);
            result.completeExceptionally(new IOException("interrupted while queueing log entry " + entry.getIndex(), e));
        }
        return result;
    }

    /**
     * Ratis applied an entry of its own (a configuration) at {@code at}, after the entries queued here:
     * the applied index moves past it in log order, once those are in the database. Returns false if
     * nothing is queued (the caller then moves it at once). Called on Ratis' updater thread, the only one
     * that queues, so "nothing queued" stays true until it returns.
     */
    boolean submitMarker(TermIndex at) throws InterruptedException {
        synchronized (idle) {
            if (inFlight == 0) {
                return false;
            }
            inFlight++;
        }
        queue.put(new Pending(null, null, at));
        return true;
    }

    /** Waits until every queued entry is applied (before a snapshot install replaces the database). */
    void awaitIdle() throws InterruptedException {
        synchronized (idle) {
            while (inFlight > 0 && !stopped) {
                idle.wait(100);
            }
        }
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void done(int n) {
        synchronized (idle) {
            inFlight -= n;
            idle.notifyAll();
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (!stopped) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            int from = 0;
            while (from < group.size()) {
                int to = from;
                if (group.get(from).alone()) {
                    to = from + 1;
                } else {
                    while (to < group.size() && !group.get(to).alone()) {
                        to++;
                    }
                }
                if (group.get(from).entry() == null) {
                    if (failure == null) {
                        listener.applied(group.get(from).marker());
                    }
                } else {
                    applyRun(group.subList(from, to));
                }
                from = to;
            }
            done(group.size());
            group.clear();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p.result() != null) {
                p.result().completeExceptionally(new IOException("the node is shutting down"));
            }
            done(1);
        }
    }

    /** Applies entries of one kind (SQL batches, or one key change), completing their futures in log order. */
    private void applyRun(List<Pending> run) {
        if (failure != null) {
            for (Pending p : run) {
                p.result().completeExceptionally(new IOException("this node stopped applying the log", failure));
            }
            return;
        }
        Pending last = run.get(run.size() - 1);
        List<ApplyOutcome> outcomes;
        try {
            outcomes = last.keyChange() ? List.of(applyKeyChange(KeyChange.decode(last.data().newInput()), last.index()))
                    : last.storeChange() ? List.of(applyStoreChange(StoreChangeEntry.decode(last.data().newInput()), last.index()))
                    : applySql(run);
        } catch (IOException | SQLException | RuntimeException e) {
            failure = e;
            TermIndex at = TermIndex.valueOf(run.get(0).entry());
            listener.failed(at, e);
            for (Pending p : run) {
                p.result().completeExceptionally(e);
            }
            return;
        }
        listener.applied(TermIndex.valueOf(last.entry()));
        for (int i = 0; i < run.size(); i++) {
            run.get(i).result().complete(Message.valueOf(ByteString.copyFrom(outcomes.get(i).encode())));
        }
    }

    // ---------------------------------------------------------------- SQL

    /** The batches in one transaction; if any statement fails, again one transaction per entry. */
    private List<ApplyOutcome> applySql(List<Pending> run) throws IOException, SQLException {
        List<WriteBatch> batches = new ArrayList<>(run.size());
        for (Pending p : run) {
            batches.add(WriteBatch.decode(p.data().newInput()));
        }
        if (run.size() > 1) {
            List<ApplyOutcome> outcomes = new ArrayList<>(run.size());
            try {
                host.db().transaction(tx -> {
                    for (WriteBatch b : batches) {
                        long[] changed = new long[b.statements().size()];
                        for (int i = 0; i < changed.length; i++) {
                            WriteExecutor.Statement s = b.statements().get(i);
                            changed[i] = tx.update(s.sql(), s.params()); // a failure rolls the whole group back
                        }
                        outcomes.add(ApplyOutcome.ok(changed));
                    }
                    recordIndex(tx, run.get(run.size() - 1).index());
                    return null;
                });
                return outcomes;
            } catch (SQLException e) {
                if (infrastructure(e)) {
                    throw e;
                }
                LOG.debug("a statement of a group of {} entries failed ({}); applying them one by one", run.size(), e.getMessage());
            }
        }
        List<ApplyOutcome> outcomes = new ArrayList<>(run.size());
        for (int i = 0; i < run.size(); i++) {
            outcomes.add(applyOne(batches.get(i), run.get(i).index()));
        }
        return outcomes;
    }

    /** One batch and its index in one SQLite transaction. */
    private ApplyOutcome applyOne(WriteBatch batch, long index) throws SQLException {
        LumosDB db = host.db();
        List<WriteExecutor.Statement> statements = batch.statements();
        long[] changed = new long[statements.size()];
        int[] at = {0};
        SQLException[] stopped = {null};
        try {
            db.transaction(tx -> {
                for (int i = 0; i < statements.size(); i++) {
                    at[0] = i;
                    WriteExecutor.Statement s = statements.get(i);
                    try {
                        changed[i] = tx.update(s.sql(), s.params());
                    } catch (SQLException e) {
                        if (batch.transaction() || infrastructure(e)) {
                            throw e; // rolls the batch back
                        }
                        stopped[0] = e; // each on its own: the earlier ones stay, the rest do not run
                        break;
                    }
                }
                recordIndex(tx, index);
                return null;
            });
        } catch (SQLException e) {
            if (infrastructure(e)) {
                throw e;
            }
            db.transaction(tx -> {
                recordIndex(tx, index);
                return null;
            });
            return ApplyOutcome.failed(at[0], e);
        }
        return stopped[0] != null ? ApplyOutcome.failed(at[0], stopped[0]) : ApplyOutcome.ok(changed);
    }

    /** Stores or revokes a key in this node's key file, then records the index (a replay stores the same again). */
    private ApplyOutcome applyKeyChange(KeyChange change, long index) throws SQLException {
        ApiKeys keys = host.keys();
        if (change.stored() != null) {
            keys.store(change.stored());
        } else {
            keys.revoke(change.revokedId());
        }
        host.db().transaction(tx -> {
            recordIndex(tx, index);
            return null;
        });
        return ApplyOutcome.ok(new long[] {1});
    }

    /**
     * A vector collection or memory change, the index recorded in the change's own transaction where it has
     * one (points, remember, supersede, messages); else in a transaction after it: collection create and drop and
     * forget change nothing more when a crash between the two makes the restarted node apply them again.
     * A refusal by the data (wrong dimensions, a memory superseded already) is the same on every node.
     */
    private ApplyOutcome applyStoreChange(StoreChange change, long index) throws SQLException {
        boolean recorded = false;
        ApplyOutcome outcome;
        try {
            StoreChange.Outcome o = change.applyTo(host.db(), host::memory, indexPragmas(index));
            recorded = o.alsoCommitted();
            outcome = ApplyOutcome.ok(o.count(), o.id());
        } catch (SQLException e) {
            if (infrastructure(e)) {
                throw e;
            }
            outcome = ApplyOutcome.failed(0, e); // nothing committed, the index neither
        } catch (IllegalArgumentException e) {
            outcome = ApplyOutcome.failed(0, new SQLDataException(e.getMessage(), "22023", e));
        }
        if (!recorded) {
            host.db().transaction(tx -> {
                recordIndex(tx, index);
                return null;
            });
        }
        return outcome;
    }

    /** The applied index in the database header, read back by {@link #readIndex}. */
    static void recordIndex(Transaction tx, long index) throws SQLException {
        for (String pragma : indexPragmas(index)) {
            tx.update(pragma);
        }
    }

    private static List<String> indexPragmas(long index) {
        return List.of("PRAGMA user_version = " + (index % LOW_BITS), "PRAGMA application_id = " + (index / LOW_BITS));
    }

    static long readIndex(LumosDB db) throws SQLException {
        long low = db.query("PRAGMA user_version").rows().get(0).getLong(0);
        long high = db.query("PRAGMA application_id").rows().get(0).getLong(0);
        return high * LOW_BITS + low;
    }

    /** A failure of the node rather than of the statement: it would not happen on the other nodes. */
    private static boolean infrastructure(SQLException e) {
        return e instanceof SQLTransientException || e instanceof SQLNonTransientConnectionException;
    }
}
