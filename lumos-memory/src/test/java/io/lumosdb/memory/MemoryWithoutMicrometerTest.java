package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer is an optional dependency of the memory as of lumos-core (whose {@code WithoutObservabilityJarsTest}
 * this follows): in a class loader without its jars, a database opens and an agent memory remembers, recalls and
 * closes on it.
 */
class MemoryWithoutMicrometerTest {
    @TempDir
    Path dir;

    @Test
    void theMemoryRuns_withoutMicrometerOnTheClassPath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = List.of(classPath.split(File.pathSeparator));
        URL[] urls = entries.stream().filter(e -> !isMicrometer(e)).map(MemoryWithoutMicrometerTest::url).toArray(URL[]::new);
        assertTrue(urls.length < entries.size(), "the test class path had micrometer-core to drop: " + classPath);
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"));
            Class.forName("org.sqlite.JDBC", true, loader); // the isolated loader's drivers, as in core's test
            Class.forName("org.duckdb.DuckDBDriver", true, loader);
            Class<?> run = loader.loadClass(RememberAndRecall.class.getName());
            assertFalse(run == RememberAndRecall.class, "the run comes from the isolated loader");
            assertEquals("Carol drinks green tea every morning", run.getMethod("run", Path.class).invoke(null, dir.resolve("db")));
        }
    }

    /** Run inside the isolated loader: everything it touches comes from there. */
    public static final class RememberAndRecall {
        private RememberAndRecall() {}

        public static String run(Path directory) throws Exception {
            try (LumosDB db = LumosDB.open(directory);
                    AgentMemory memory = AgentMemory.builder(db).embedder(new LetterEmbedder()).open()) {
                memory.rememberAll(List.of(Memory.text("Carol drinks green tea every morning"), Memory.text("Dan fixes old bicycles")));
                return memory.recall(Recall.query("green tea every morning").k(1)).get(0).text();
            }
        }
    }

    /**
     * Letter frequencies as a vector: a real, if crude, embedder that needs no model (the ONNX runtime of the
     * MiniLM model loads its native library once per process, so it cannot be loaded again in another loader).
     */
    static final class LetterEmbedder implements Embedder {
        @Override
        public String modelId() {
            return "letters-v1";
        }

        @Override
        public int dimensions() {
            return 26;
        }

        @Override
        public float[] embed(String text) {
            float[] v = new float[26];
            for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
                if (c >= 'a' && c <= 'z') {
                    v[c - 'a']++;
                }
            }
            v[0] += 0.001f; // never the zero vector
            return v;
        }
    }

    /** Micrometer's jars and the two its histograms use. */
    private static boolean isMicrometer(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return name.startsWith("micrometer-") || name.startsWith("HdrHistogram") || name.startsWith("LatencyUtils");
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
