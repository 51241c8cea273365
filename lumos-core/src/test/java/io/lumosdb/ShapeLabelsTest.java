package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lumosdb.cache.CacheSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DuckDB read's column labels are SQLite's, also for a new text of a shape seen before (ad-hoc SQL,
 * whose labels are kept per shape): a label that holds a literal follows the literal of each text.
 */
class ShapeLabelsTest {
    @TempDir
    Path dir;

    @Test
    void newTextsOfAKnownShape_getTheLabelsSqliteGivesEachText() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).cache(CacheSettings.disabled()).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, x DOUBLE, \"x + 5\" INTEGER, x5 INTEGER)");
            db.update("INSERT INTO t VALUES (1, 1, 2.0, 3, 4), (2, 2, 8.0, 9, 10)");
            List<List<String>> shapes = List.of(
                    List.of("SELECT g, count(*), sum(x) FROM t WHERE x > 1.5 GROUP BY g",
                            "SELECT g, count(*), sum(x) FROM t WHERE x > 2.5 GROUP BY g"),
                    List.of("SELECT x + 5 FROM t WHERE id > 0", "SELECT x + 6 FROM t WHERE id > 0", "SELECT x + 5 FROM t WHERE id > 1"),
                    List.of("SELECT x5, x + 5, 'a' || 'b' FROM t WHERE \"x + 5\" > 0", "SELECT x5, x + 6, 'c' || 'd' FROM t WHERE \"x + 5\" > 0"),
                    List.of("SELECT x + 7 AS y, upper('it''s') FROM t WHERE g = 1", "SELECT x + 8 AS y, upper('x') FROM t WHERE g = 1"),
                    List.of("SELECT max(x) FILTER (WHERE g > 1) FROM t", "SELECT max(x) FILTER (WHERE g > 0) FROM t"));
            for (List<String> texts : shapes) {
                for (String sql : texts) {
                    QueryResult replica = db.query(Route.OLAP, sql);
                    assertEquals(Route.OLAP, replica.route(), sql);
                    assertEquals(sqliteLabels(db, sql), replica.columns(), sql);
                }
            }
        }
    }

    /** The labels sqlite-jdbc gives {@code sql} on a connection of its own: the facade's memory plays no part. */
    private static List<String> sqliteLabels(LumosDB db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.directory().resolve("lumos.sqlite"));
                PreparedStatement ps = c.prepareStatement(sql)) {
            ResultSetMetaData meta = ps.getMetaData();
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                labels.add(meta.getColumnLabel(i));
            }
            return labels;
        }
    }
}
