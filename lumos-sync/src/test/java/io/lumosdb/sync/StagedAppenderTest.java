package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk copies staged through a temporary table: whole, in order, reported per stage, and undone by a rollback. */
class StagedAppenderTest {
    private static final ReplicatedTable SHAPE = new ReplicatedTable("t",
            List.of(new ReplicatedTable.Column("n", "INTEGER", ColumnType.INTEGER), new ReplicatedTable.Column("s", "TEXT", ColumnType.TEXT)),
            List.of());

    @TempDir
    Path dir;
    DuckDBConnection duck;
    ReplicaStore store;

    @BeforeEach
    void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("s.duckdb")).unwrap(DuckDBConnection.class);
        store = new ReplicaStore(duck);
        store.create(SHAPE);
        duck.commit();
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    private static Object[] row(long id) {
        return new Object[] {id, id % 3 == 0 ? null : id * 7, "s" + id};
    }

    @Test
    void rowsArriveWholeAndInOrder_andEachMovedStageIsReported() throws SQLException {
        int rows = StagedAppender.STAGE_ROWS * 2 + 5;
        List<Long> moved = new ArrayList<>();
        try (StagedAppender staged = new StagedAppender(duck, SHAPE, moved::add)) {
            for (long id = 1; id <= rows; id++) {
                staged.append(row(id));
            }
            assertEquals(rows, staged.finish());
        }
        duck.commit();
        assertEquals(List.of((long) StagedAppender.STAGE_ROWS, 2L * StagedAppender.STAGE_ROWS, (long) rows), moved);
        long expectedSum = 0;
        for (long id = 1; id <= rows; id++) {
            expectedSum += id % 3 == 0 ? 0 : id * 7;
        }
        assertEquals(List.of(rows + "|" + expectedSum + "|" + (rows - rows / 3) + "|"),
                ReplicaTest.rows(duck, "SELECT count(*)::VARCHAR, sum(n)::VARCHAR, count(n)::VARCHAR FROM " + ReplicaStore.dataTable("t")));
        assertEquals(List.of("0.0|"), ReplicaTest.rows(duck, "SELECT count(*) FROM (SELECT " + ReplicaStore.ROWID + " - lag("
                + ReplicaStore.ROWID + ") OVER (ORDER BY rowid) AS step FROM " + ReplicaStore.dataTable("t") + ") WHERE step <> 1"));
        assertEquals(List.of(), ReplicaTest.rows(duck, "SELECT table_name FROM duckdb_tables() WHERE temporary"), "the stage is dropped");
    }

    @Test
    void aBadValueAfterAMovedStage_isRolledBackWithEverythingStaged() throws SQLException {
        SQLException e;
        try (StagedAppender staged = new StagedAppender(duck, SHAPE, count -> { })) {
            for (long id = 1; id <= StagedAppender.STAGE_ROWS + 3; id++) {
                staged.append(row(id));
            }
            e = assertThrows(SQLException.class, () -> staged.append(new Object[] {0L, "seven", "bad"}));
        }
        assertTrue(e.getMessage().contains("column n") && e.getMessage().contains("seven"), e.getMessage());
        duck.rollback();
        assertEquals(List.of("0.0|"), ReplicaTest.rows(duck, "SELECT count(*) FROM " + ReplicaStore.dataTable("t")));
        assertEquals(List.of(), ReplicaTest.rows(duck, "SELECT table_name FROM duckdb_tables() WHERE temporary"));
    }
}
