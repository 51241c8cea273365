package io.lumosdb.bench;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.lumosdb.LumosDB;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Vector search and build in JMH: a Lumos-DB collection against raw hnswlib-core holding the same
 * clustered vectors with the same graph settings (M 16, efConstruction 200, ef 64, cosine). {@code search}:
 * the 10 nearest of a query; {@code filteredSearch} (Lumos-DB only: the raw index has no filters): the
 * same with a metadata filter selecting 10%; {@code upsert}: one more vector, durable in SQLite and in the
 * graph for Lumos-DB, in the graph only for the raw index. Recall at these settings is
 * {@link VectorRunner}'s job.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar VectorSearchBenchmark -f 1 -wi 2 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VectorSearchBenchmark {
    private static final int K = 10;
    private static final int QUERIES = 256;

    @Param({"raw-hnswlib", "lumos"})
    public String engine;

    @Param("20000")
    public int vectors;

    @Param("128")
    public int dims;

    Path dir;
    LumosDB db;
    VectorCollection collection;
    HnswIndex<Integer, float[], VectorRunner.RawItem, Float> raw;
    List<float[]> queries;
    int next;
    int nextId;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<float[]> all = VectorRunner.clustered(vectors + QUERIES * 2, dims, 100, 0.6, 42);
        List<float[]> data = all.subList(0, vectors);
        queries = new ArrayList<>(all.subList(vectors, all.size()));
        nextId = vectors;
        if (engine.equals("raw-hnswlib")) {
            raw = HnswIndex.newBuilder(dims, DistanceFunctions.FLOAT_COSINE_DISTANCE, vectors * 2).withM(16).withEfConstruction(200)
                    .withEf(64).build();
            List<VectorRunner.RawItem> items = new ArrayList<>(vectors);
            for (int i = 0; i < vectors; i++) {
                items.add(new VectorRunner.RawItem(i, data.get(i)));
            }
            raw.addAll(items, Runtime.getRuntime().availableProcessors(), (done, max) -> { }, Integer.MAX_VALUE);
            return;
        }
        if (!engine.equals("lumos")) {
            throw new IllegalArgumentException("engine: raw-hnswlib or lumos, not " + engine);
        }
        dir = Files.createTempDirectory("lumos-vector-bench-");
        db = LumosDB.builder().directory(dir).cache(CacheSettings.disabled()).open();
        collection = db.vectors().create("bench", VectorSpec.of(dims, Metric.COSINE).withM(16).withEfConstruction(200).withEf(64)
                .withTextField(null));
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < vectors; i++) {
            batch.add(new VectorRecord(Integer.toString(i), data.get(i), Map.of("bucket", i % 10)));
            if (batch.size() == 5_000 || i == vectors - 1) {
                collection.upsertAll(batch);
                batch.clear();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (db != null) {
            db.close();
            BenchFiles.deleteTree(dir);
        }
    }

    private float[] nextQuery() {
        next = (next + 1) % queries.size();
        return queries.get(next);
    }

    @Benchmark
    public int search() throws Exception {
        float[] q = nextQuery();
        if (raw != null) {
            return raw.findNearest(q, K).size();
        }
        return collection.search(SearchRequest.of(q).k(K)).size();
    }

    @Benchmark
    public int filteredSearch() throws Exception {
        float[] q = nextQuery();
        if (raw != null) {
            return raw.findNearest(q, K).size(); // no filter in the raw index: its unfiltered time, for scale
        }
        return collection.search(SearchRequest.of(q).k(K).filter("bucket = 3")).size();
    }

    @Benchmark
    public boolean upsert() throws Exception {
        int id = nextId++;
        float[] v = nextQuery();
        if (raw != null) {
            if (raw.size() >= raw.getMaxItemCount()) {
                raw.resize(raw.getMaxItemCount() * 2); // as a collection grows: the raw index has a fixed capacity
            }
            return raw.add(new VectorRunner.RawItem(id, v));
        }
        collection.upsert(Integer.toString(id), v, Map.of("bucket", id % 10));
        return true;
    }
}
