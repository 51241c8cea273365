package io.lumosdb.bench;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Embedder;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Recall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Memory recall in JMH: {@code AgentMemory.recall} (scoped to the question's user; dense and BM25
 * candidates, recency and importance, ranked) against the floor it builds on, raw hnswlib-core's 10
 * nearest of the same embeddings (no scope, no keywords, no ranking). Both start from the query's
 * embedding: the raw side is handed it, the recall finds it in the embedding cache (every question was
 * asked once in the setup), so the model's ~4 ms per new text is in neither figure. The memories are the
 * conversations of {@link ConversationSet}, embedded by the default embedder (all-MiniLM-L6-v2).
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar MemoryRecallBenchmark -f 1 -wi 2 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemoryRecallBenchmark {
    @Param({"raw-hnswlib", "lumos"})
    public String engine;

    /** Conversation personas; each brings 54 turns to remember and 27 questions. */
    @Param("40")
    public int personas;

    Path dir;
    LumosDB db;
    AgentMemory memory;
    HnswIndex<Integer, float[], VectorRunner.RawItem, Float> raw;
    List<ConversationSet.Question> questions;
    List<float[]> questionVectors;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ConversationSet set = new ConversationSet(personas, 11);
        questions = set.questions;
        Embedder embedder = Embedder.byDefault();
        if (engine.equals("raw-hnswlib")) {
            List<String> texts = set.turns.stream().map(ConversationSet.Turn::text).toList();
            List<float[]> vectors = embedder.embedAll(texts);
            raw = HnswIndex.newBuilder(embedder.dimensions(), DistanceFunctions.FLOAT_COSINE_DISTANCE, vectors.size()).withM(16)
                    .withEfConstruction(200).withEf(64).build();
            for (int i = 0; i < vectors.size(); i++) {
                raw.add(new VectorRunner.RawItem(i, vectors.get(i)));
            }
            questionVectors = embedder.embedAll(questions.stream().map(ConversationSet.Question::text).toList());
            return;
        }
        if (!engine.equals("lumos")) {
            throw new IllegalArgumentException("engine: raw-hnswlib or lumos, not " + engine);
        }
        dir = Files.createTempDirectory("lumos-memory-bench-");
        db = LumosDB.open(dir);
        memory = AgentMemory.builder(db).embedder(embedder).open();
        List<Memory> batch = new ArrayList<>();
        for (ConversationSet.Turn t : set.turns) {
            batch.add(Memory.text(t.text()).user("u" + t.persona()).session("u" + t.persona() + "-" + t.session()).at(t.at()));
        }
        memory.rememberAll(batch);
        for (int i = 0; i < questions.size(); i++) {
            recall(); // every question once: its embedding is cached from here on
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (db != null) {
            memory.close();
            db.close();
            BenchFiles.deleteTree(dir);
        }
    }

    @Benchmark
    public int recall() throws Exception {
        next = (next + 1) % questions.size();
        if (raw != null) {
            return raw.findNearest(questionVectors.get(next), 10).size();
        }
        ConversationSet.Question q = questions.get(next);
        return memory.recall(Recall.query(q.text()).user("u" + q.persona()).k(10)).size();
    }
}
