package io.lumosdb.sync;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares every replicated table on both engines, each in one consistent view, and copies again a
 * table that differs: as pt-table-checksum compares chunks, with a digest both sides compute
 * ({@link TableChecksum}). The view: holding the owner's write lock, everything committed is applied and
 * SQLite's read snapshot begins; the write lock is then released (writers go on) while this replica's
 * lock keeps DuckDB still until both sides are read.
 */
final class ReplicaVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** Attempts at a consistent view of a table that another program keeps writing. */
    private static final int ATTEMPTS = 5;

    private final ReplicaState state;
    private final ReplicaCatalog catalog;
    private final ChangeApplier applier;

    ReplicaVerifier(ReplicaState state, ReplicaCatalog catalog, ChangeApplier applier) {
        this.state = state;
        this.catalog = catalog;
        this.applier = applier;
    }

    /** Every replicated table, fully ({@code deep}: checksums) or by counts and the largest rowid. */
    VerifyReport verify(boolean deep) throws SQLException {
        long start = System.nanoTime();
        List<VerifyReport.TableCheck> checks = new ArrayList<>();
        for (String table : new ArrayList<>(state.replicated.keySet())) {
            VerifyReport.TableCheck check = checkTable(table, deep);
            if (check != null) {
                checks.add(check);
            }
        }
        return new VerifyReport(checks, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The cheap check after open (counts and largest rowid of every table): a replica ahead of SQLite, as
     * after a lost WAL tail that held only appends, passes the sequence check at open but not this one,
     * and the table is copied again.
     */
    void checkAfterOpen() throws SQLException {
        VerifyReport report = verify(false);
        if (!report.consistent()) {
            LOG.warn("the replica differed from SQLite after open; tables copied again: {}", report.tables().stream()
                    .filter(VerifyReport.TableCheck::repaired).map(VerifyReport.TableCheck::table).toList());
        }
    }

    private VerifyReport.TableCheck checkTable(String table, boolean deep) throws SQLException {
        String problem = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long[] snapshot = new long[2]; // SQLite's last sequence and the table's high-water mark, in the snapshot
            boolean[] holding = {false};
            try {
                ReplicatedTable shape = state.host.write(writer -> {
                    // the owner's writes wait: catch up with all of them, begin SQLite's snapshot, keep our lock
                    state.lock.lock();
                    holding[0] = true;
                    ReplicatedTable s = state.replicated.get(table);
                    if (s == null) {
                        return null; // dropped meanwhile
                    }
                    applier.raiseHighWaterMarks(); // both locks are reentrant: taken again in their order
                    applier.applyPending();
                    state.sqlite.setAutoCommit(false);
                    snapshot[0] = ChangeCapture.lastIssuedSequence(state.sqlite); // the snapshot begins with this read
                    snapshot[1] = s.keyed() ? 0 : ChangeCapture.highWaterMarks(state.sqlite).getOrDefault(table, 0L);
                    return s;
                });
                if (shape == null) {
                    return null;
                }
                TableChecksum.Side inSqlite;
                TableChecksum.Side inReplica;
                try {
                    TableChecksum checksum = new TableChecksum(state.sqlite, state.store.connection(), state.utf8);
                    inSqlite = checksum.sqlite(shape, deep);
                    try {
                        inReplica = checksum.replica(shape, deep);
                    } catch (SQLException e) {
                        if (!CorruptionRepair.isCorruption(e)) {
                            throw e;
                        }
                        if (state.corruption == null) {
                            state.corruption = e; // the worker copies every table again (Replica.verify wakes it)
                        }
                        LOG.warn("reading table {} in DuckDB found its file damaged ({}); every table is copied again", table,
                                e.getMessage());
                        return new VerifyReport.TableCheck(table, inSqlite.rows(), -1, false, true,
                                Optional.of("DuckDB's file is damaged: " + e.getMessage() + "; every table is copied again"));
                    }
                } finally {
                    state.sqlite.commit();
                    state.sqlite.setAutoCommit(true);
                    state.store.connection().commit();
                }
                boolean quiet = snapshot[0] == state.appliedSequence && (shape.keyed()
                        || (inSqlite.maxRowid() <= snapshot[1] && state.replicaMarks.getOrDefault(table, 0L) >= snapshot[1]));
                if (!quiet) {
                    problem = "another program wrote to SQLite while the table was compared";
                    continue;
                }
                boolean matched = inSqlite.equals(inReplica);
                if (!matched) {
                    LOG.warn("replica of table {} differs from SQLite ({} rows there, {} in DuckDB{}); copying it again",
                            table, inSqlite.rows(), inReplica.rows(), deep ? ", or checksums differ" : "");
                    catalog.recopy(shape);
                }
                return new VerifyReport.TableCheck(table, inSqlite.rows(), inReplica.rows(), matched, !matched, Optional.empty());
            } finally {
                if (holding[0]) {
                    if (!state.sqlite.getAutoCommit()) {
                        state.sqlite.rollback(); // a failure before the reads began
                        state.sqlite.setAutoCommit(true);
                    }
                    state.lock.unlock();
                }
            }
        }
        return new VerifyReport.TableCheck(table, -1, -1, false, false, Optional.of(problem + " (" + ATTEMPTS + " attempts)"));
    }
}
