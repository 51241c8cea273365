package io.lumosdb.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.jdbc.LumosDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The auto-configuration in real Spring contexts: beans from lumos.* properties, health, gauges, close, back-off. */
class LumosAutoConfigurationTest {
    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LumosAutoConfiguration.class));

    @Test
    void aDirectory_givesTheDatabaseAndADataSourceOverIt() {
        runner.withPropertyValues("lumos.directory=" + dir.resolve("db"), "lumos.freshness=any", "lumos.large-table-rows=50",
                "lumos.write-timeout=5s").run(ctx -> {
            LumosDB db = ctx.getBean(LumosDB.class);
            DataSource ds = ctx.getBean(DataSource.class);
            assertInstanceOf(LumosDataSource.class, ds);
            assertSame(db, ds.unwrap(LumosDB.class), "the DataSource is over the LumosDB bean, not a second database");
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.execute("CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)");
            jdbc.update("INSERT INTO note(body) VALUES (?)", "hello");
            assertEquals("hello", db.query("SELECT body FROM note").rows().get(0).getString(0));
        });
    }

    @Test
    void closingTheContext_closesTheDatabase_andFreesTheDirectory() throws SQLException {
        LumosDB[] seen = new LumosDB[1];
        runner.withPropertyValues("lumos.directory=" + dir.resolve("db")).run(ctx -> seen[0] = ctx.getBean(LumosDB.class));
        assertTrue(seen[0].isClosed());
        try (LumosDB again = LumosDB.open(dir.resolve("db"))) {
            assertFalse(again.isClosed());
        }
    }

    @Test
    void withoutADirectory_nothingIsConfigured() {
        runner.run(ctx -> {
            assertFalse(ctx.containsBean("lumosDB"));
            assertTrue(ctx.getBeansOfType(DataSource.class).isEmpty());
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {
        @Bean
        DataSource dataSource() {
            return new LumosDataSource("jdbc:lumos:" + System.getProperty("java.io.tmpdir") + "/never-opened");
        }
    }

    @Test
    void anApplicationsOwnDataSource_isKept() {
        runner.withUserConfiguration(OwnDataSource.class).withPropertyValues("lumos.directory=" + dir.resolve("db")).run(ctx -> {
            assertEquals(1, ctx.getBeansOfType(DataSource.class).size());
            assertFalse(ctx.getBean(DataSource.class).isWrapperFor(LumosDB.class) && ((LumosDataSource) ctx.getBean(DataSource.class)).database() != null);
            assertNotNull(ctx.getBean(LumosDB.class));
        });
    }

    @Test
    void aMalformedSetting_failsTheStartNamingTheProperty() {
        runner.withPropertyValues("lumos.directory=" + dir.resolve("db"), "lumos.freshness=sometimes").run(ctx -> {
            assertNotNull(ctx.getStartupFailure());
            Throwable t = ctx.getStartupFailure();
            while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
                t = t.getCause();
            }
            assertTrue(t.getMessage().contains("lumos.freshness=sometimes"), t.getMessage());
        });
    }

    @Test
    void health_isUpWithTheReplicaLag_andDownOnceClosed() {
        runner.withPropertyValues("lumos.directory=" + dir.resolve("db"), "lumos.health.max-lag=1m").run(ctx -> {
            LumosDB db = ctx.getBean(LumosDB.class);
            db.execute("CREATE TABLE t(x INTEGER)");
            db.update("INSERT INTO t VALUES (1)");
            db.sync().awaitCaughtUp(Duration.ofSeconds(60));
            Health h = ctx.getBean(LumosHealthIndicator.class).health();
            assertEquals(Status.UP, h.getStatus(), h.toString());
            assertEquals(0L, h.getDetails().get("pendingChanges"));
            assertTrue(h.getDetails().containsKey("replicaLagMillis"));
            db.close();
            assertEquals(Status.DOWN, ctx.getBean(LumosHealthIndicator.class).health().getStatus());
        });
    }

    @Test
    void health_isOutOfService_whenTheLagPassesTheBound() {
        runner.withPropertyValues("lumos.directory=" + dir.resolve("db"), "lumos.health.max-lag=-1ns").run(ctx -> {
            Health h = ctx.getBean(LumosHealthIndicator.class).health(); // a negative bound: every lag, even 0, passes it
            assertEquals(Status.OUT_OF_SERVICE, h.getStatus(), h.toString());
        });
    }

    @Test
    void meters_areRegisteredAtOpenInTheApplicationsRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(SimpleMeterRegistry.class, () -> registry).withPropertyValues("lumos.directory=" + dir.resolve("db")).run(ctx -> {
            LumosDB db = ctx.getBean(LumosDB.class);
            assertEquals(0, registry.get("lumos.query").tag("route", "oltp").tag("cache", "none").timer().count(),
                    "registered at open, before any read");
            db.execute("CREATE TABLE t(x INTEGER)");
            db.update("INSERT INTO t VALUES (1)");
            db.sync().awaitCaughtUp(Duration.ofSeconds(60));
            db.query("SELECT x FROM t");
            db.query("SELECT x FROM t");
            long reads = registry.get("lumos.query").timers().stream().mapToLong(t -> t.count()).sum();
            assertEquals(2, reads, "both reads timed");
            assertEquals(1.0, registry.get("cache.gets").tag("cache", "lumos.results.l1").tag("result", "hit").functionCounter().count(),
                    "the second read was an L1 hit");
            assertEquals(0.0, registry.get("lumos.sync.pending").gauge().value());
        });
    }

    @Test
    void anAgentMemoryOnTheBean_publishesToTheApplicationsRegistry_withNoWiringOfItsOwn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(SimpleMeterRegistry.class, () -> registry).withPropertyValues("lumos.directory=" + dir.resolve("db")).run(ctx -> {
            try (io.lumosdb.memory.AgentMemory memory = io.lumosdb.memory.AgentMemory.open(ctx.getBean(LumosDB.class))) {
                assertEquals(0, registry.get("lumos.memory.recall").tag("mode", "current").timer().count(), "registered at open");
                memory.remember(io.lumosdb.memory.Memory.text("Alice moved to Berlin"));
                memory.recall(io.lumosdb.memory.Recall.query("Where does Alice live?"));
                assertEquals(1, registry.get("lumos.memory.recall").tag("mode", "current").timer().count());
                assertEquals(1, registry.get("lumos.memory.embed").tag("operation", "remember").timer().count());
            }
        });
    }

    @Test
    void customizers_changeTheBuilderBeforeOpen() {
        runner.withBean(LumosDBCustomizer.class, () -> b -> b.maxResultRows(1))
                .withPropertyValues("lumos.directory=" + dir.resolve("db")).run(ctx -> {
                    LumosDB db = ctx.getBean(LumosDB.class);
                    db.execute("CREATE TABLE t(x INTEGER)");
                    db.update("INSERT INTO t VALUES (1), (2)");
                    assertThrows(io.lumosdb.ResultTooLargeException.class, () -> db.query("SELECT x FROM t"), "more rows than the customizer allows");
                });
    }
}
