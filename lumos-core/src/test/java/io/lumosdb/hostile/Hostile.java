package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** What the hostile tests share: reading one value on a given route, and both routes agreeing. */
final class Hostile {
    private Hostile() {}

    static Object value(LumosDB db, Route route, String sql, Object... args) throws SQLException {
        return db.query(route, sql, args).rows().get(0).get(0);
    }

    static long count(LumosDB db, Route route, String table) throws SQLException {
        return db.query(route, "SELECT count(*) FROM " + table).rows().get(0).getLong(0);
    }

    /** The rows of {@code sql} on SQLite and on the replica (STRICT, so after every write), which must be equal. */
    static List<List<Object>> sameOnBothRoutes(LumosDB db, String sql) throws SQLException {
        List<List<Object>> oltp = comparable(db.query(Route.OLTP, sql).rows());
        List<List<Object>> olap = comparable(db.query(Route.OLAP, sql).rows());
        assertEquals(oltp, olap, "SQLite and the replica answer " + sql + " differently");
        return oltp;
    }

    /** Row values, with blobs as lists of bytes so that equal contents compare equal. */
    private static List<List<Object>> comparable(List<io.lumosdb.Row> rows) {
        return rows.stream().map(r -> r.values().stream().map(v -> v instanceof byte[] b
                ? (Object) java.util.stream.IntStream.range(0, b.length).mapToObj(i -> b[i]).toList() : v).toList()).toList();
    }

    static void caughtUp(LumosDB db) throws SQLException {
        db.sync().awaitCaughtUp(Duration.ofSeconds(60));
    }
}
