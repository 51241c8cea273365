package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Micrometer binder on a real database: every meter from open, the right ones counting, all gone at close. */
class MetricsTest {
    @TempDir
    Path dir;

    private static LumosDB open(Path dir, MeterRegistry registry) throws SQLException {
        return LumosDB.builder().directory(dir.resolve("db")).largeTableRows(10).metrics(LumosMetrics.of(registry)).open();
    }

    @Test
    void open_registersEveryMeterAtOnce_withTheDatabaseTag() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = open(dir, registry)) {
            assertTrue(db.replicatedTables().isEmpty());
            Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
            for (String expected : new String[] {"lumos.query", "lumos.query.rows", "lumos.route.decisions", "lumos.errors", "lumos.write",
                    "lumos.vector.search", "lumos.sync.apply", "lumos.sync.applied", "lumos.sync.apply.failures", "lumos.sync.lag",
                    "lumos.sync.pending", "lumos.sync.consecutive.failures", "lumos.sync.rebuilding", "lumos.sync.table.copies", "cache.gets",
                    "cache.evictions", "cache.size", "lumos.cache.bytes", "lumos.cache.stale.dropped", "lumos.pool.connections",
                    "lumos.pool.pending", "lumos.pool.max", "lumos.vector.vectors", "lumos.storage.size", "lumos.storage.free",
                    "lumos.storage.capacity"}) {
                assertTrue(names.contains(expected), expected + " is registered at open; registered: " + names);
            }
            for (Meter m : registry.getMeters()) {
                assertEquals("db", m.getId().getTag("database"), m.getId() + " carries the database tag");
            }
            Timer olapL1 = registry.get("lumos.query").tags("route", "olap", "cache", "l1").timer();
            assertEquals(0, olapL1.count(), "registered before any query, with no count");
            assertEquals(Math.max(4, Runtime.getRuntime().availableProcessors()), registry.get("lumos.pool.max").tags("pool", "sqlite")
                    .gauge().value(), 0.0, "the SQLite reader pool's size (default max(4, processors))");
        }
    }

    @Test
    void reads_areTimedByRouteAndCacheLevel_andCountedByReasonClass() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = open(dir, registry)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE)");
            db.sync().awaitCaughtUp(Duration.ofMinutes(2)); // the table is copied: the inserts reach DuckDB as changes
            for (int i = 0; i < 50; i++) {
                db.update("INSERT INTO t VALUES (?, ?)", i, i * 1.5);
            }
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            QueryResult first = db.query("SELECT v FROM t WHERE id = ?", 7);
            QueryResult again = db.query("SELECT v FROM t WHERE id = ?", 7);
            assertEquals(1, again.cacheLevel(), "the second identical point lookup is an L1 hit");
            QueryResult olap = db.query("SELECT sum(v) FROM t");
            assertEquals(Route.OLAP, olap.route());

            assertEquals(1, registry.get("lumos.query").tags("route", "oltp", "cache", "none").timer().count());
            assertEquals(1, registry.get("lumos.query").tags("route", "oltp", "cache", "l1").timer().count());
            assertEquals(1, registry.get("lumos.query").tags("route", "olap", "cache", "none").timer().count());
            assertEquals(first.elapsed().toNanos(), (long) registry.get("lumos.query").tags("route", "oltp", "cache", "none").timer()
                    .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS), "the time recorded is the result's own");
            assertEquals(2.0, registry.get("lumos.route.decisions").tags("route", "oltp", "reason", "key_lookup").counter().count());
            assertEquals(1.0, registry.get("lumos.route.decisions").tags("route", "olap", "reason", "analytics").counter().count());
            assertEquals(2.0, registry.get("lumos.query.rows").tags("route", "oltp").counter().count(), "a row a lookup");
            assertEquals(1.0, registry.get("lumos.query.rows").tags("route", "olap").counter().count());
            // writes: 1 DDL + 50 inserts, each a statement
            assertEquals(51, registry.get("lumos.write").tags("kind", "statement").timer().count());
            // the cache counters are Caffeine's, read through the facade
            FunctionCounter l1Hits = registry.get("cache.gets").tags("cache", "lumos.results.l1", "result", "hit").functionCounter();
            assertEquals(1.0, l1Hits.count());
            // later hits of the same result share its served decision, and still count under its reason class
            QueryResult third = db.query("SELECT v FROM t WHERE id = ?", 7);
            assertEquals(again.decision(), third.decision(), "every L1 hit of a result gives the same decision");
            assertTrue(third.decision().reason().endsWith("; result from the L1 cache"), third.decision().reason());
            assertEquals(3.0, registry.get("lumos.route.decisions").tags("route", "oltp", "reason", "key_lookup").counter().count());
            assertEquals(2, registry.get("lumos.query").tags("route", "oltp", "cache", "l1").timer().count());
            // the replica applied what was written, and caught up
            Counter applied = registry.get("lumos.sync.applied").counter();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (applied.count() < 1 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // counted just after the pass that applied them
            }
            assertTrue(applied.count() >= 1, "changes applied are counted");
            assertTrue(registry.get("lumos.sync.apply").timer().count() >= 1, "the passes that applied them are timed");
            assertEquals(0.0, registry.get("lumos.sync.pending").gauge().value(), 0.0);
            assertTrue(registry.get("lumos.storage.size").tags("file", "sqlite").gauge().value() > 0, "the SQLite file has a size");
            assertTrue(registry.get("lumos.storage.free").gauge().value() > 0);
        }
    }

    @Test
    void failures_areCountedBySqlStateClass() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = open(dir, registry)) {
            assertThrows(SQLSyntaxErrorException.class, () -> db.query("SELECT * FROM no_such_table"));
            assertThrows(SQLException.class, () -> db.update("INSERT INTO nowhere VALUES (1)"));
            Counter queries = registry.get("lumos.errors").tags("operation", "query", "sqlstate_class", "42").counter();
            Counter writes = registry.get("lumos.errors").tags("operation", "write").counters().stream()
                    .filter(c -> c.count() > 0).findFirst().orElseThrow();
            assertEquals(1.0, queries.count());
            assertEquals(1.0, writes.count());
        }
    }

    @Test
    void vectorSearches_areTimedByPlan() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = open(dir, registry)) {
            VectorCollection docs = db.vectors().create("docs", VectorSpec.of(3, Metric.COSINE));
            docs.upsert("a", new float[] {1, 0, 0}, Map.of("lang", "en"));
            docs.upsert("b", new float[] {0, 1, 0}, Map.of("lang", "de"));
            docs.search(SearchRequest.of(new float[] {1, 0, 0}).k(1));
            docs.search(SearchRequest.of(new float[] {1, 0, 0}).k(1).exact());
            docs.search(SearchRequest.of(new float[] {1, 0, 0}).k(1).text("anything"));
            long searches = registry.get("lumos.vector.search").timers().stream().mapToLong(Timer::count).sum();
            assertEquals(3, searches);
            assertEquals(1, registry.get("lumos.vector.search").tags("plan", "hnsw").timer().count());
            assertEquals(1, registry.get("lumos.vector.search").tags("plan", "exact_scan").timer().count());
            assertEquals(1, registry.get("lumos.vector.search").tags("plan", "hybrid").timer().count());
            assertEquals(0, registry.get("lumos.vector.search").tags("plan", "hnsw_filtered").timer().count());
            assertEquals(2.0, registry.get("lumos.vector.vectors").gauge().value(), 0.0);
            assertTrue(registry.get("lumos.write").tags("kind", "vector").timer().count() >= 2, "each upsert is a vector write");
        }
    }

    @Test
    void metrics_handsTheRegistryToTheModulesAbove_andIsEmptyWithoutOne() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = open(dir, registry)) {
            assertSame(registry, db.metrics().orElseThrow().registry());
        }
        try (LumosDB db = LumosDB.builder().inMemory().open()) {
            assertTrue(db.metrics().isEmpty());
        }
    }

    @Test
    void close_removesTheMeters_soAReopenedDatabaseRegistersFreshOnes() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = open(dir, registry)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        }
        assertTrue(registry.getMeters().isEmpty(), "no meter left reading a closed database: " + registry.getMeters());
        try (LumosDB db = open(dir, registry)) {
            Gauge lag = registry.get("lumos.sync.lag").gauge();
            assertNotNull(lag);
            db.query("SELECT count(*) FROM t");
            assertEquals(1, registry.get("lumos.query").timers().stream().mapToLong(Timer::count).sum());
        }
    }
}
