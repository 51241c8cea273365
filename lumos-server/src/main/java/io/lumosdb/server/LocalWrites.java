package io.lumosdb.server;

import io.lumosdb.LumosDB;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The default {@link WriteExecutor}: writes run on this server's database, every read level is met by
 * it (one node: local is the leader's state and linearizable).
 */
final class LocalWrites implements WriteExecutor {
    private final LumosDB db;
    private final StoreChange.MemorySource memory;

    LocalWrites(LumosDB db, StoreChange.MemorySource memory) {
        this.db = db;
        this.memory = memory;
    }

    @Override
    public StoreChange.Outcome change(StoreChange change) throws SQLException {
        return change.applyTo(db, memory, List.of());
    }

    @Override
    public long[] write(List<Statement> statements, boolean transaction, long timeoutMs) throws SQLException {
        if (transaction && statements.size() > 1) {
            return db.transaction(tx -> {
                long[] changed = new long[statements.size()];
                for (int i = 0; i < changed.length; i++) {
                    Statement s = statements.get(i);
                    changed[i] = at(i, () -> tx.update(s.sql(), s.params()));
                }
                return changed;
            });
        }
        long[] changed = new long[statements.size()];
        for (int i = 0; i < changed.length; i++) {
            Statement s = statements.get(i);
            changed[i] = at(i, () -> db.update(s.sql(), s.params()));
        }
        return changed;
    }

    private static long at(int i, StatementDeadline.Work<Long> work) throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw WriteExecutor.failedAt(i, e);
        }
    }

    @Override
    public void beforeRead(String consistency, long timeoutMs) {
        checkConsistency(consistency);
    }

    @Override
    public void beforeLocalWrite(String what) {
        // one node: every change is local
    }

    /** The levels a request may ask for. */
    static void checkConsistency(String consistency) {
        if (consistency != null && !List.of("local", "leader", "linearizable").contains(consistency.toLowerCase(Locale.ROOT))) {
            throw ApiProblem.badRequest("'consistency' must be local, leader or linearizable, was '" + consistency + "'");
        }
    }
}
