package io.lumosdb.sync;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a verification of the replica found: for each replicated table, its rows on both engines, whether
 * they matched, and whether the table was copied again from SQLite because they did not.
 *
 * <pre>{@code
 * VerifyReport report = db.sync().verify();
 * if (!report.consistent()) {
 *     report.tables().stream().filter(t -> !t.matched()).forEach(t -> log.warn("{}", t));
 * }
 * }</pre>
 *
 * @param tables one entry per table checked
 * @param took how long the verification took
 */
public record VerifyReport(List<TableCheck> tables, Duration took) {
    public VerifyReport {
        tables = List.copyOf(tables);
    }

    /**
     * One table's check.
     *
     * @param table the table
     * @param sqliteRows rows in SQLite, in the view compared
     * @param replicaRows rows in the replica, in the same view
     * @param matched whether counts, largest rowid and (for a full verification) checksums matched
     * @param repaired whether the table was copied again from SQLite because they did not
     * @param problem why the table could not be compared, if it could not (e.g. another program kept writing it)
     */
    public record TableCheck(String table, long sqliteRows, long replicaRows, boolean matched, boolean repaired,
            Optional<String> problem) {}

    /** Whether every table matched (before any repair). */
    public boolean consistent() {
        return tables.stream().allMatch(TableCheck::matched);
    }
}
