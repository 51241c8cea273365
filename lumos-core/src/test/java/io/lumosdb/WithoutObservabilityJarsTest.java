package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer and OpenTelemetry are optional dependencies: a database opens, writes, reads (also with
 * the slow-query log on) and closes in a class loader that has neither jar, and reflection over the
 * facade and its builder (as frameworks do) finds no type it cannot load.
 */
class WithoutObservabilityJarsTest {
    @TempDir
    Path dir;

    @Test
    void theLibraryRuns_withoutMicrometerOrOpenTelemetryOnTheClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        int dropped = 0;
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("micrometer-") || name.startsWith("opentelemetry-") || name.startsWith("HdrHistogram")
                    || name.startsWith("LatencyUtils")) {
                dropped++;
                continue;
            }
            urls.add(url(entry));
        }
        assertTrue(dropped >= 3, "the test class path had the optional jars to drop: " + classPath);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.opentelemetry.api.OpenTelemetry"));
            // the JDBC drivers of the isolated loader register themselves with DriverManager, which serves
            // a caller only the drivers its own loader sees
            Class.forName("org.sqlite.JDBC", true, loader);
            Class.forName("org.duckdb.DuckDBDriver", true, loader);
            Class<?> lumos = loader.loadClass("io.lumosdb.LumosDB");
            assertFalse(lumos == LumosDB.class, "the facade comes from the isolated loader");
            Object builder = lumos.getMethod("builder").invoke(null);
            Class<?> b = builder.getClass();
            assertTrue(b.getMethods().length > 10, "a framework may list the builder's methods: none names an optional type");
            assertTrue(lumos.getMethods().length > 10);
            b.getMethod("directory", Path.class).invoke(builder, dir.resolve("db"));
            b.getMethod("slowQueryThreshold", java.time.Duration.class).invoke(builder, java.time.Duration.ZERO);
            Object db = b.getMethod("open").invoke(builder);
            try {
                assertEquals(java.util.Optional.empty(), lumos.getMethod("metrics").invoke(db), "no registry: nothing for the modules above");
                Method execute = lumos.getMethod("execute", String.class, Object[].class);
                execute.invoke(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", new Object[0]);
                execute.invoke(db, "INSERT INTO t VALUES (1, 'one')", new Object[0]);
                Object result = lumos.getMethod("query", String.class, Object[].class).invoke(db, "SELECT v FROM t WHERE id = ?",
                        new Object[] {1});
                assertEquals(1, result.getClass().getMethod("size").invoke(result));
            } finally {
                lumos.getMethod("close").invoke(db);
            }
        }
    }

    @Test
    void metricsOnAnotherRegistry_needNoPrometheusJars() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("prometheus-metrics") && !name.startsWith("micrometer-registry-prometheus")) {
                urls.add(url(entry));
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.prometheus.metrics.model.registry.MultiCollector"));
            Class.forName("org.sqlite.JDBC", true, loader);
            Class.forName("org.duckdb.DuckDBDriver", true, loader);
            Class<?> registryClass = loader.loadClass("io.micrometer.core.instrument.simple.SimpleMeterRegistry");
            Object registry = registryClass.getConstructor().newInstance();
            Class<?> metrics = loader.loadClass("io.lumosdb.LumosMetrics");
            Object m = metrics.getMethod("of", loader.loadClass("io.micrometer.core.instrument.MeterRegistry")).invoke(null, registry);
            Class<?> lumos = loader.loadClass("io.lumosdb.LumosDB");
            Object builder = lumos.getMethod("builder").invoke(null);
            Class<?> b = builder.getClass();
            b.getMethod("directory", Path.class).invoke(builder, dir.resolve("simple"));
            b.getMethod("metrics", metrics).invoke(builder, m);
            Object db = b.getMethod("open").invoke(builder); // failed with NoClassDefFoundError MultiCollector before
            try {
                lumos.getMethod("execute", String.class, Object[].class).invoke(db, "CREATE TABLE t(id INTEGER PRIMARY KEY)", new Object[0]);
                lumos.getMethod("query", String.class, Object[].class).invoke(db, "SELECT id FROM t", new Object[0]);
                Object timers = registryClass.getMethod("find", String.class).invoke(registry, "lumos.query");
                java.util.Collection<?> found = (java.util.Collection<?>) timers.getClass().getMethod("timers").invoke(timers);
                assertTrue(found.size() > 0, "the read timers are in the registry");
            } finally {
                lumos.getMethod("close").invoke(db);
            }
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
