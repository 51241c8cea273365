package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Embedder;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Recall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Agent memory speed: {@code remember} throughput with embedding next to the embedder's own batched speed
 * on the same texts in the same run, and {@code recall} latency at {@code n} memories, without the query's
 * embedding (each query is recalled once to embed it, then timed) and with it (the first, cold pass).
 * Memories are the turns of {@link ConversationSet} (54 per user), so recall runs in a user scope.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.MemoryRunner [n=100000] [queries=500]
 * </pre>
 */
public final class MemoryRunner {
    private static final int BATCH = 256;

    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private MemoryRunner() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        run(n, queries, Embedder.byDefault());
    }

    static void run(int n, int queryCount, Embedder embedder) throws Exception {
        int perUser = new ConversationSet(1, 11).turns.size();
        ConversationSet set = new ConversationSet(Math.max(1, n / perUser + 1), 11);
        List<Memory> memories = new ArrayList<>(n);
        for (ConversationSet.Turn t : set.turns.subList(0, Math.min(n, set.turns.size()))) {
            memories.add(Memory.text(t.text()).user("u" + t.persona()).session("u" + t.persona() + "-" + t.session()).at(t.at()));
        }
        // the speed comparison uses distinct texts, so the embedding cache saves neither side any work
        java.util.Map<String, Memory> byText = new java.util.LinkedHashMap<>();
        memories.forEach(m -> byText.putIfAbsent(m.text(), m));
        List<Memory> distinct = new ArrayList<>(byText.values());
        int sample = Math.min(distinct.size(), 2_048);
        List<String> sampleTexts = distinct.subList(0, sample).stream().map(Memory::text).toList();
        embedder.embedAll(sampleTexts.subList(0, Math.min(BATCH, sample))); // warm-up

        try (LumosDB db = LumosDB.builder().inMemory().open(); AgentMemory memory = AgentMemory.builder(db).embedder(embedder).open()) {
            // the same batches embedded alone and remembered (embedded through the cache, a miss, then stored),
            // alternating which goes first, so that drift in the machine's speed falls on both sides
            long embedNanos = 0;
            long rememberNanos = 0;
            for (int i = 0, round = 0; i < sample; i += BATCH, round++) {
                List<Memory> part = distinct.subList(i, Math.min(sample, i + BATCH));
                List<String> texts = sampleTexts.subList(i, Math.min(sample, i + BATCH));
                for (int side = 0; side < 2; side++) {
                    long s = System.nanoTime();
                    if ((side + round) % 2 == 0) {
                        embedder.embedAll(texts);
                        embedNanos += System.nanoTime() - s;
                    } else {
                        memory.rememberAll(part);
                        rememberNanos += System.nanoTime() - s;
                    }
                }
            }
            double embedRate = sample / (embedNanos / 1e9);
            double rememberRate = sample / (rememberNanos / 1e9);
            long t2 = System.nanoTime();
            for (int i = 0; i < memories.size(); i += BATCH) {
                memory.rememberAll(memories.subList(i, Math.min(memories.size(), i + BATCH)));
            }
            double loadSeconds = (System.nanoTime() - t2) / 1e9;

            List<ConversationSet.Question> qs = set.questions.subList(0, Math.min(queryCount, set.questions.size()));
            long[] cold = new long[qs.size()];
            long[] warm = new long[qs.size()];
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < qs.size(); i++) {
                    ConversationSet.Question q = qs.get(i);
                    long s = System.nanoTime();
                    memory.recall(Recall.query(q.text()).user("u" + q.persona()).k(10));
                    (pass == 0 ? cold : warm)[i] = System.nanoTime() - s;
                }
            }
            // the same recalls scored on meaning, keywords, recency and importance only (no names, time or second hop)
            long[] plain = new long[qs.size()];
            io.lumosdb.memory.RecallWeights parts = io.lumosdb.memory.RecallWeights.defaults().names(0).time(0).hop(0);
            for (int i = 0; i < qs.size(); i++) {
                ConversationSet.Question q = qs.get(i);
                long s = System.nanoTime();
                memory.recall(Recall.query(q.text()).user("u" + q.persona()).k(10).weights(parts));
                plain[i] = System.nanoTime() - s;
            }
            Arrays.sort(cold);
            Arrays.sort(warm);
            Arrays.sort(plain);
            System.out.printf(Locale.ROOT, "Agent memory: %d memories stored (%d users; near-duplicates merged), %d recalls%n%n",
                    memory.size(), set.turns.size() / perUser, qs.size());
            System.out.println("| measure | value |");
            System.out.println("|---|---:|");
            System.out.printf(Locale.ROOT, "| embedder alone, batches of %d (texts/s) | %.0f |%n", BATCH, embedRate);
            System.out.printf(Locale.ROOT, "| remember, batches of %d, same texts (memories/s) | %.0f |%n", BATCH, rememberRate);
            System.out.printf(Locale.ROOT, "| remember / embedder | %.2fx |%n", rememberRate / embedRate);
            System.out.printf(Locale.ROOT, "| load of all %d turns, repeats from the embedding cache (turns/s) | %.0f |%n",
                    memories.size(), memories.size() / loadSeconds);
            System.out.printf(Locale.ROOT, "| recall p50 / p99 without the query's embedding (ms) | %.2f / %.2f |%n",
                    Percentiles.ms(warm, 0.5), Percentiles.ms(warm, 0.99));
            System.out.printf(Locale.ROOT, "| the same, without the name, time and second-hop parts (ms) | %.2f / %.2f |%n",
                    Percentiles.ms(plain, 0.5), Percentiles.ms(plain, 0.99));
            System.out.printf(Locale.ROOT, "| recall p50 with all parts / without | %.2fx |%n", Percentiles.ms(warm, 0.5) / Percentiles.ms(plain, 0.5));
            long[] embed = new long[Math.min(100, qs.size())];
            for (int i = 0; i < embed.length; i++) {
                long s = System.nanoTime();
                embedder.embed(qs.get(i).text() + " #" + i); // a text the cache has not seen
                embed[i] = System.nanoTime() - s;
            }
            Arrays.sort(embed);
            System.out.printf(Locale.ROOT, "| first recall of each query p50 / p99 (ms; repeated questions hit the embedding cache) | %.2f / %.2f |%n",
                    Percentiles.ms(cold, 0.5), Percentiles.ms(cold, 0.99));
            System.out.printf(Locale.ROOT, "| embedding one new query, p50 / p99 (ms) | %.2f / %.2f |%n", Percentiles.ms(embed, 0.5),
                    Percentiles.ms(embed, 0.99));
        }
    }
}
