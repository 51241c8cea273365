package io.lumosdb.sync;

import java.sql.SQLException;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Copies many rows into one replica table through an in-memory staging table, in the caller's DuckDB
 * transaction.
 *
 * <p>DuckDB's appender writing straight into a persistent table takes about twice as long as the same
 * appender filling a temporary table whose rows one {@code INSERT ... SELECT} then moves over, because
 * that insert writes whole compressed row groups on all of DuckDB's threads (1M rows of four columns on
 * two cores: 1.9–2.4 s direct, 0.9–1.1 s staged; docs/benchmarks-log.md). Below a few thousand rows the two
 * extra statements cost more than they save, so only bulk copies use this: a scan of appended rows and
 * a table's first copy. The staged rows move every {@value #STAGE_ROWS} rows, which bounds the memory
 * held, and at {@link #finish()}. On a failure the caller rolls its transaction back, which also drops
 * the staging table.
 */
final class StagedAppender implements AutoCloseable {
    /** Two DuckDB row groups: the smallest insert that gets the full speed-up. */
    static final int STAGE_ROWS = 245_760;
    private static final String STAGE_NAME = "_lumos_stage";
    /** In DuckDB's catalog of temporary objects: this connection's alone, gone with its transaction's rollback. */
    private static final String STAGE = "temp.main." + STAGE_NAME;

    private final DuckDBConnection duck;
    private final ReplicatedTable shape;
    private final LongConsumer moved;
    private DuckDBAppender appender; // null between stages
    private int staged;
    private long rows;

    /** {@code moved} hears the number of rows in the replica table so far after each stage moved (progress). */
    StagedAppender(DuckDBConnection duck, ReplicatedTable shape, LongConsumer moved) {
        this.duck = duck;
        this.shape = shape;
        this.moved = moved;
    }

    /** Appends {@code identity, columns...} (see {@link ValueConverter#appendRow}). */
    void append(Object[] row) throws SQLException {
        if (appender == null) {
            Sql.exec(duck, "CREATE OR REPLACE TEMP TABLE " + STAGE_NAME + " AS SELECT * FROM " + ReplicaStore.dataTable(shape.name())
                    + " LIMIT 0");
            appender = duck.createAppender("temp", "main", STAGE_NAME);
        }
        ValueConverter.appendRow(appender, shape, row);
        rows++;
        if (++staged == STAGE_ROWS) {
            moveStaged();
        }
    }

    /** Moves the rows still staged into the replica table; returns the number of rows appended. */
    long finish() throws SQLException {
        if (appender != null) {
            moveStaged();
        }
        return rows;
    }

    private void moveStaged() throws SQLException {
        DuckDBAppender full = appender;
        appender = null;
        full.close();
        Sql.exec(duck, "INSERT INTO " + ReplicaStore.dataTable(shape.name()) + " SELECT * FROM " + STAGE);
        Sql.exec(duck, "DROP TABLE " + STAGE);
        staged = 0;
        moved.accept(rows);
    }

    /** Releases the appender of an unfinished stage; its rows go with the caller's rollback. */
    @Override
    public void close() throws SQLException {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }
}
