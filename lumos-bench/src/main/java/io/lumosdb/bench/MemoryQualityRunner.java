package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Embedder;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Recall;
import io.lumosdb.memory.RecallWeights;
import io.lumosdb.memory.Recalled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval quality of agent memory on the labelled {@link ConversationSet}: recall@5 and recall@10
 * (a question counts when all its evidence turns are among the first k) for dense only, BM25 only,
 * hybrid (dense + BM25) and the default (hybrid + recency + importance), overall and per category.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.MemoryQualityRunner [personas=60] [seed=7] [--sweep]
 * </pre>
 * {@code --sweep} also prints a grid of keyword and recency weights (how the defaults were chosen).
 */
public final class MemoryQualityRunner {
    /** Recall@k of one configuration: overall and per category, for k = 5 and 10. */
    record Score(String name, Map<String, double[]> byCategory) {
        double at(int k) {
            return byCategory.get("all")[k == 5 ? 0 : 1];
        }
    }

    private MemoryQualityRunner() {}

    public static void main(String[] args) throws Exception {
        int personas = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        boolean sweep = List.of(args).contains("--sweep");
        List<Score> scores = run(personas, seed, Embedder.byDefault(), sweep);
        System.out.println(table(scores, personas, seed));
    }

    static List<Score> run(int personas, long seed, Embedder embedder, boolean sweep) throws Exception {
        ConversationSet set = new ConversationSet(personas, seed);
        try (LumosDB db = LumosDB.builder().inMemory().open();
                AgentMemory memory = AgentMemory.builder(db).embedder(embedder).open()) {
            List<Memory> batch = new ArrayList<>();
            for (ConversationSet.Turn t : set.turns) {
                batch.add(Memory.text(t.text()).user("p" + t.persona()).session("p" + t.persona() + "-s" + t.session()).at(t.at()));
            }
            List<String> ids = memory.rememberAll(batch);
            Map<String, RecallWeights> configs = new LinkedHashMap<>();
            RecallWeights d = RecallWeights.defaults();
            configs.put("dense", RecallWeights.semanticOnly());
            configs.put("BM25", RecallWeights.keywordOnly());
            configs.put("hybrid", d.recency(0).importance(0));
            configs.put("hybrid + recency (default)", d);
            if (sweep) {
                for (double trust : new double[] {0, 0.2, 0.35, 0.5}) {
                    for (double kw : new double[] {0.3, 0.6, 1.0}) {
                        for (double rec : new double[] {0.1, 0.2}) {
                            configs.put(String.format(Locale.ROOT, "trust %.2f kw %.1f rec %.1f", trust, kw, rec),
                                    d.keywordTrust(trust).keyword(kw).recency(rec));
                        }
                    }
                }
                configs.put("default, half-life 7 d", d.halfLife(Duration.ofDays(7)));
                configs.put("default, half-life 90 d", d.halfLife(Duration.ofDays(90)));
            }
            List<Score> out = new ArrayList<>();
            for (Map.Entry<String, RecallWeights> c : configs.entrySet()) {
                out.add(score(c.getKey(), memory, set, ids, c.getValue()));
            }
            return out;
        }
    }

    private static Score score(String name, AgentMemory memory, ConversationSet set, List<String> ids, RecallWeights w)
            throws Exception {
        Map<String, int[]> hits = new LinkedHashMap<>(); // category -> {hit@5, hit@10, questions}
        for (ConversationSet.Question q : set.questions) {
            List<Recalled> r = memory.recall(Recall.query(q.text()).user("p" + q.persona()).k(10).asOf(q.asOf()).weights(w));
            Set<String> top5 = new HashSet<>();
            Set<String> top10 = new HashSet<>();
            for (int i = 0; i < r.size(); i++) {
                (i < 5 ? top5 : top10).add(r.get(i).id());
            }
            top10.addAll(top5);
            boolean at5 = true;
            boolean at10 = true;
            for (int e : q.evidence()) {
                at5 &= top5.contains(ids.get(e));
                at10 &= top10.contains(ids.get(e));
            }
            for (String cat : List.of("all", q.category())) {
                int[] h = hits.computeIfAbsent(cat, x -> new int[3]);
                h[0] += at5 ? 1 : 0;
                h[1] += at10 ? 1 : 0;
                h[2]++;
            }
        }
        Map<String, double[]> by = new LinkedHashMap<>();
        hits.forEach((cat, h) -> by.put(cat, new double[] {h[0] / (double) h[2], h[1] / (double) h[2], h[2]}));
        return new Score(name, by);
    }

    static String table(List<Score> scores, int personas, long seed) {
        StringBuilder s = new StringBuilder();
        Score first = scores.get(0);
        s.append(String.format(Locale.ROOT, "Memory recall on the conversational set: %d personas, %d questions (seed %d)%n%n",
                personas, (int) first.byCategory().get("all")[2], seed));
        s.append("| configuration | recall@5 | recall@10 |");
        List<String> cats = new ArrayList<>(first.byCategory().keySet());
        cats.remove("all");
        for (String c : cats) {
            s.append(' ').append(c).append(" @5 / @10 |");
        }
        s.append('\n').append("|---|---:|---:|").append("---:|".repeat(cats.size())).append('\n');
        for (Score sc : scores) {
            s.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f |", sc.name(), sc.at(5), sc.at(10)));
            for (String c : cats) {
                double[] v = sc.byCategory().get(c);
                s.append(String.format(Locale.ROOT, " %.3f / %.3f |", v[0], v[1]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
