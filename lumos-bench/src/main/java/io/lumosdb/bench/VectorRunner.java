package io.lumosdb.bench;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.lumosdb.LumosDB;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Vector search side by side, same data, same M and efConstruction, one search thread: Lumos-DB's
 * collection (through the facade), raw hnswlib-core (its own cosine distance), and Lucene's HNSW.
 * Prints Markdown: build time, recall@10 and queries/s at ef 16..256 (the engines in turn, median of
 * {@value #QPS_ROUNDS} rounds), filtered latency (p50/p99) at 1%,
 * 10% and 50% selectivity, and snapshot load against rebuild time.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.VectorRunner [vectors] [dimensions] [queries] [seconds]
 * </pre>
 * Defaults: 100,000 vectors, 384 dimensions, 200 queries, 2 seconds a QPS measurement; clustered data
 * (100 centres), seeded.
 */
public final class VectorRunner {
    private static final int K = 10;
    private static final int M = 16;
    private static final int EF_CONSTRUCTION = 200;
    private static final int[] EFS = {16, 32, 64, 128, 256};

    private VectorRunner() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int dims = args.length > 1 ? Integer.parseInt(args[1]) : 384;
        int queryCount = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        measureNanos = (long) (1e9 * (args.length > 3 ? Double.parseDouble(args[3]) : 2.0));
        List<float[]> all = clustered(n + queryCount, dims, 100, 0.6, 42);
        List<float[]> data = all.subList(0, n);
        List<float[]> queries = all.subList(n, n + queryCount);
        List<Set<Integer>> truth = new ArrayList<>();
        for (float[] q : queries) {
            truth.add(exactTop(q, data, K));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%n## Vector search: %,d x %d clustered vectors, %d queries, k=%d, M=%d, efConstruction=%d, %d build threads%n",
                n, dims, queryCount, K, M, EF_CONSTRUCTION, threads);

        // ---- Lumos-DB
        Path dir = Files.createTempDirectory("lumos-vectors-");
        long heapBefore = usedHeap();
        long lumosBytes;
        long t0 = System.nanoTime();
        double lumosBuild;
        double replicaCatchUp;
        try (LumosDB db = LumosDB.builder().directory(dir).cache(CacheSettings.disabled()).open()) {
            VectorCollection c = db.vectors().create("bench", VectorSpec.of(dims, Metric.COSINE).withM(M)
                    .withEfConstruction(EF_CONSTRUCTION).withTextField(null));
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new VectorRecord(Integer.toString(i), data.get(i), Map.of("bucket", i % 100)));
                if (batch.size() == 5_000 || i == n - 1) {
                    c.upsertAll(batch);
                    batch.clear();
                }
            }
            lumosBuild = (System.nanoTime() - t0) / 1e9;
            lumosBytes = usedHeap() - heapBefore; // the graph, the metadata map, and the engines' caches
            // the replica copies the vectors to DuckDB in the background; searches are timed once it is done,
            // as the other engines' are on an otherwise idle machine
            long r0 = System.nanoTime();
            db.sync().awaitCaughtUp(Duration.ofMinutes(30));
            replicaCatchUp = (System.nanoTime() - r0) / 1e9;
            System.out.println();
            System.out.println("| filter selects | strategy | p50 ms | p99 ms | recall@10 |");
            System.out.println("|---|---|---|---|---|");
            for (int percent : new int[] {1, 10, 50}) {
                String filter = "bucket < " + percent;
                for (float[] q : queries) {
                    c.search(SearchRequest.of(q).k(K).filter(filter)); // warm-up pass, as for the unfiltered figures
                }
                List<Long> nanos = new ArrayList<>();
                int hits = 0;
                int wanted = 0;
                List<List<VectorHit>> results = new ArrayList<>();
                for (float[] q : queries) { // timed back to back, as Lucene's are below
                    long s = System.nanoTime();
                    results.add(c.search(SearchRequest.of(q).k(K).filter(filter)));
                    nanos.add(System.nanoTime() - s);
                }
                for (int qi = 0; qi < queries.size(); qi++) { // then checked: a brute force between searches would flush the caches
                    Set<Integer> exact = exactTop(queries.get(qi), data, K, percent);
                    wanted += exact.size();
                    for (VectorHit h : results.get(qi)) {
                        hits += exact.contains(Integer.parseInt(h.id())) ? 1 : 0;
                    }
                }
                nanos.sort(null);
                System.out.printf(Locale.ROOT, "| %d%% | %s | %.2f | %.2f | %.3f |%n", percent,
                        c.explain(SearchRequest.of(queries.get(0)).k(K).filter(filter)).strategy(),
                        nanos.get(nanos.size() / 2) / 1e6, nanos.get((int) (nanos.size() * 0.99)) / 1e6, (double) hits / wanted);
            }
            long s = System.nanoTime();
            c.snapshot();
            System.out.printf(Locale.ROOT, "%nsnapshot save: %.2f s%n", (System.nanoTime() - s) / 1e9);
        }
        long s = System.nanoTime();
        try (LumosDB db = LumosDB.builder().directory(dir).cache(CacheSettings.disabled()).open()) {
            db.vectors().open("bench");
            System.out.printf(Locale.ROOT, "open with the snapshot (load): %.2f s%n", (System.nanoTime() - s) / 1e9);
        }
        Files.delete(dir.resolve("vectors").resolve("bench.hnsw"));
        s = System.nanoTime();
        try (LumosDB db = LumosDB.builder().directory(dir).cache(CacheSettings.disabled()).open()) {
            db.vectors().open("bench");
            System.out.printf(Locale.ROOT, "open without it (rebuild from SQLite): %.2f s%n", (System.nanoTime() - s) / 1e9);
        }

        // ---- raw hnswlib-core
        heapBefore = usedHeap();
        t0 = System.nanoTime();
        HnswIndex<Integer, float[], RawItem, Float> raw = HnswIndex
                .newBuilder(dims, DistanceFunctions.FLOAT_COSINE_DISTANCE, n).withM(M).withEfConstruction(EF_CONSTRUCTION).build();
        List<RawItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new RawItem(i, data.get(i)));
        }
        raw.addAll(items, threads, (done, max) -> { }, Integer.MAX_VALUE);
        double rawBuild = (System.nanoTime() - t0) / 1e9;
        long rawBytes = usedHeap() - heapBefore;
        // ---- Lucene
        double[][] lumos = new double[EFS.length][];
        double[][] rawResults = new double[EFS.length][];
        double[][] luceneResults = new double[EFS.length][];
        heapBefore = usedHeap();
        t0 = System.nanoTime();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return new Lucene99HnswVectorsFormat(M, EF_CONSTRUCTION);
            }
        }).setRAMBufferSizeMB(1024);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < n; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("v", data.get(i), VectorSimilarityFunction.COSINE));
                doc.add(new IntPoint("bucket", i % 100));
                writer.addDocument(doc);
            }
            writer.forceMerge(1); // one segment, one graph: doc ids are insertion order
        }
        double luceneBuild = (System.nanoTime() - t0) / 1e9;
        long luceneBytes = usedHeap() - heapBefore; // the index lives on the heap (ByteBuffersDirectory)
        try (DirectoryReader reader = DirectoryReader.open(directory);
                LumosDB db = LumosDB.builder().directory(dir).cache(CacheSettings.disabled()).open()) {
            IndexSearcher searcher = new IndexSearcher(reader);
            System.out.println();
            System.out.println("| Lucene filter selects | p50 ms | p99 ms |");
            System.out.println("|---|---|---|");
            for (int percent : new int[] {1, 10, 50}) {
                Query filter = IntPoint.newRangeQuery("bucket", 0, percent - 1);
                for (float[] q : queries) {
                    searcher.search(new KnnFloatVectorQuery("v", q, K, filter), K); // warm-up pass
                }
                List<Long> nanos = new ArrayList<>();
                for (float[] q : queries) {
                    long st = System.nanoTime();
                    searcher.search(new KnnFloatVectorQuery("v", q, K, filter), K);
                    nanos.add(System.nanoTime() - st);
                }
                nanos.sort(null);
                System.out.printf(Locale.ROOT, "| %d%% | %.2f | %.2f |%n", percent, nanos.get(nanos.size() / 2) / 1e6,
                        nanos.get((int) (nanos.size() * 0.99)) / 1e6);
            }

            // unfiltered: the three engines in turn, ef by ef, for several rounds; the median of each is reported
            VectorCollection c = db.vectors().open("bench");
            double[][][] lumosRounds = new double[EFS.length][QPS_ROUNDS][];
            double[][][] rawRounds = new double[EFS.length][QPS_ROUNDS][];
            double[][][] luceneRounds = new double[EFS.length][QPS_ROUNDS][];
            for (int round = 0; round < QPS_ROUNDS; round++) {
                for (int e = 0; e < EFS.length; e++) {
                    int ef = EFS[e];
                    lumosRounds[e][round] = measure(queries, truth, q -> ids(c.search(SearchRequest.of(q).k(K).ef(ef))));
                    raw.setEf(ef);
                    rawRounds[e][round] = measure(queries, truth, q -> {
                        Set<Integer> out = new HashSet<>();
                        for (SearchResult<RawItem, Float> r : raw.findNearest(q, K)) {
                            out.add(r.item().id());
                        }
                        return out;
                    });
                    luceneRounds[e][round] = measure(queries, truth, q -> {
                        Set<Integer> out = new HashSet<>();
                        ScoreDoc[] docs = searcher.search(new KnnFloatVectorQuery("v", q, Math.max(ef, K)), K).scoreDocs;
                        for (ScoreDoc d : docs) {
                            out.add(d.doc);
                        }
                        return out;
                    });
                }
            }
            for (int e = 0; e < EFS.length; e++) {
                lumos[e] = median(lumosRounds[e]);
                rawResults[e] = median(rawRounds[e]);
                luceneResults[e] = median(luceneRounds[e]);
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "build: Lumos-DB %.1f s (%,.0f vectors/s, through SQLite; the DuckDB replica caught up %.1f s"
                + " later), hnswlib-core %.1f s, Lucene %.1f s%n", lumosBuild, n / lumosBuild, replicaCatchUp, rawBuild, luceneBuild);
        System.out.printf(Locale.ROOT, "heap per vector (%d floats = %d bytes raw): Lumos-DB %,d B, hnswlib-core %,d B, Lucene %,d B%n",
                dims, 4 * dims, lumosBytes / n, rawBytes / n, luceneBytes / n);
        System.out.println();
        System.out.printf(Locale.ROOT, "QPS: median of %d rounds, the engines measured in turn at each ef (%.1f s each)%n%n", QPS_ROUNDS,
                measureNanos / 1e9);
        System.out.println("| ef | Lumos-DB recall | Lumos-DB QPS | hnswlib-core recall | hnswlib-core QPS | Lucene recall | Lucene QPS |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int e = 0; e < EFS.length; e++) {
            System.out.printf(Locale.ROOT, "| %d | %.3f | %,.0f | %.3f | %,.0f | %.3f | %,.0f |%n", EFS[e], lumos[e][0], lumos[e][1],
                    rawResults[e][0], rawResults[e][1], luceneResults[e][0], luceneResults[e][1]);
        }
    }

    /** Rounds of the unfiltered QPS measurement: a shared 2-core machine varies by 10-20% from one run to the next. */
    static final int QPS_ROUNDS = 3;

    /** The round with the median queries/s of {recall, queries/s} rounds (recall is the same in each). */
    private static double[] median(double[][] rounds) {
        double[][] sorted = rounds.clone();
        Arrays.sort(sorted, (a, b) -> Double.compare(a[1], b[1]));
        return sorted[sorted.length / 2];
    }

    /** Heap in use after collecting garbage (twice, to let finalizable objects go). */
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The raw library's item: an int id and the vector as given. */
    record RawItem(Integer id, float[] vector) implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    @FunctionalInterface
    interface Search {
        Set<Integer> top(float[] query) throws Exception;
    }

    private static Set<Integer> ids(List<VectorHit> hits) {
        Set<Integer> out = new HashSet<>();
        for (VectorHit h : hits) {
            out.add(Integer.parseInt(h.id()));
        }
        return out;
    }

    /** How long each QPS measurement runs (the fourth argument, in seconds; 2 by default). */
    private static long measureNanos;

    /** {recall@10, queries per second}: one warm-up pass, then passes until {@link #measureNanos} have gone by. */
    private static double[] measure(List<float[]> queries, List<Set<Integer>> truth, Search search) throws Exception {
        for (float[] q : queries) {
            search.top(q);
        }
        int found = 0;
        int wanted = 0;
        for (int i = 0; i < queries.size(); i++) {
            Set<Integer> got = search.top(queries.get(i));
            for (Integer id : got) {
                found += truth.get(i).contains(id) ? 1 : 0;
            }
            wanted += truth.get(i).size();
        }
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() - start < measureNanos) {
            for (float[] q : queries) {
                search.top(q);
                done++;
            }
        }
        return new double[] {(double) found / wanted, done / ((System.nanoTime() - start) / 1e9)};
    }

    private static Set<Integer> exactTop(float[] q, List<float[]> data, int k) {
        return exactTop(q, data, k, 100);
    }

    /** The exact k nearest by cosine among vectors whose bucket ({@code i % 100}) is below {@code percent}. */
    private static Set<Integer> exactTop(float[] q, List<float[]> data, int k, int percent) {
        double qn = norm(q);
        Integer[] idx = new Integer[data.size()];
        double[] score = new double[data.size()];
        int m = 0;
        for (int i = 0; i < data.size(); i++) {
            if (i % 100 < percent) {
                float[] v = data.get(i);
                double dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += q[d] * v[d];
                }
                score[i] = dot / (qn * norm(v));
                idx[m++] = i;
            }
        }
        Integer[] kept = Arrays.copyOf(idx, m);
        Arrays.sort(kept, (a, b) -> Double.compare(score[b], score[a]));
        return new HashSet<>(Arrays.asList(kept).subList(0, Math.min(k, m)));
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static List<float[]> clustered(int n, int dims, int clusters, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[clusters][dims];
        for (float[] c : centres) {
            for (int i = 0; i < dims; i++) {
                c[i] = (float) gaussian(random);
            }
        }
        List<float[]> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            float[] c = centres[random.nextInt(clusters)];
            float[] v = new float[dims];
            for (int i = 0; i < dims; i++) {
                v[i] = c[i] + (float) (spread * gaussian(random));
            }
            out.add(v);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
