package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Assertions on table {@code t} across the nodes of a {@link ClusterHarness}, shared by the process tests. */
final class ClusterTestRows {
    private ClusterTestRows() {}

    /** Every listed node holds {@code expectedRows} rows of {@code t} (linearizable count), all with the same contents. */
    static void assertSameRows(ClusterHarness c, List<String> nodes, int expectedRows, Duration deadline) {
        String reference = null;
        for (String node : nodes) {
            ClusterHarness.await(node + " holds " + expectedRows + " rows", deadline, () -> {
                ClusterHarness.Answer a = c.post(node, "/v1/sql", Map.of("sql", "SELECT count(*) FROM t", "consistency", "linearizable"));
                return a.status() == 200 && a.json().get("rows").get(0).get(0).asInt() == expectedRows;
            });
            String rows = c.query(node, "local", "SELECT * FROM t ORDER BY 1").toString();
            if (reference == null) {
                reference = rows;
            } else {
                assertEquals(reference, rows, "node " + node + " differs from " + nodes.get(0));
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
