package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.cache.CacheStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hit ratio of the query cache on a Zipf-distributed read mix, L1 alone against L1 + L2 at the same
 * memory budget (a quarter L1, three quarters L2). Each read lists the 10 rows from a key on
 * ({@value #RANGE}), the key's rank drawn from Zipf(s) over {@code keys} keys with a fixed seed;
 * {@code reads} reads after a warm-up of as many.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.CacheHitRatioRunner [keys] [reads] [budgetBytes] [s]
 * </pre>
 * Defaults: 200,000 keys, 300,000 reads, 4 MiB, s = 0.99.
 */
public final class CacheHitRatioRunner {
    static final String RANGE = "SELECT id, v, n FROM kv WHERE id BETWEEN ? AND ? + 9";
    private CacheHitRatioRunner() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        long budget = args.length > 2 ? Long.parseLong(args[2]) : 4L << 20;
        double s = args.length > 3 ? Double.parseDouble(args[3]) : 0.99;
        double[] cdf = zipfCdf(keys, s);
        CacheStatistics l1Only = run(keys, reads, cdf, CacheSettings.builder().resultL1Bytes(budget).resultL2Bytes(0).build());
        CacheStatistics twoLevels = run(keys, reads, cdf,
                CacheSettings.builder().resultL1Bytes(budget / 4).resultL2Bytes(budget - budget / 4).build());
        // a report for docs/benchmarks.md, printed as Markdown like the other runners
        System.out.printf(Locale.ROOT, "%nZipf(%.2f) over %,d keys, %,d reads, budget %,d bytes%n%n", s, keys, reads, budget);
        System.out.println("| levels | hit ratio | entries held |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| L1 only | %.3f | %,d |%n", l1Only.hitRatio(), l1Only.l1Entries());
        System.out.printf(Locale.ROOT, "| L1 (1/4) + L2 (3/4) | %.3f | %,d + %,d |%n", twoLevels.hitRatio(),
                twoLevels.l1Entries(), twoLevels.l2Entries());
    }

    private static CacheStatistics run(int keys, int reads, double[] cdf, CacheSettings cache) throws Exception {
        Path dir = Files.createTempDirectory("lumos-hitratio-");
        try (LumosDB db = LumosDB.builder().directory(dir).cache(cache).open()) {
            db.execute("CREATE TABLE kv(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
            db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + keys + ")"
                    + " INSERT INTO kv SELECT i, 'value-' || i, i * 7 FROM r");
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < reads; i++) { // warm-up
                int key = 1 + sample(cdf, random);
                db.query(RANGE, key, key);
            }
            CacheStatistics before = db.cache().stats();
            for (int i = 0; i < reads; i++) {
                int key = 1 + sample(cdf, random);
                db.query(RANGE, key, key);
            }
            CacheStatistics after = db.cache().stats();
            return new CacheStatistics(after.l1().minus(before.l1()), after.l2().minus(before.l2()), after.embeddings(),
                    after.l1Bytes(), after.l2Bytes(), after.l1Entries(), after.l2Entries(), after.staleDropped());
        }
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    /** A key rank (0-based) drawn from the distribution; ranks are spread over the key space by a fixed permutation. */
    static int sample(double[] cdf, SplittableRandom random) {
        int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        int rank = i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
        return (int) ((rank * 2_654_435_761L) % cdf.length); // popular keys are not neighbours
    }
}
