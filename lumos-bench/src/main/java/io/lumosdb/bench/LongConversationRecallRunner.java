package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Embedder;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Message;
import io.lumosdb.memory.Recall;
import io.lumosdb.memory.RecallWeights;
import io.lumosdb.memory.Recalled;
import io.lumosdb.memory.Transcript;
import io.lumosdb.memory.TranscriptMemories;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Recall quality of agent memory on the hard {@link LongConversationSet}: recall@5, recall@10 (a question counts
 * when all its evidence turns are among the first k) and MRR (of the first evidence turn, in the first 10) per
 * question kind, and for adversarial questions how well the top result's confidence tells "nothing relevant"
 * from a match (AUROC against the answerable questions; 0.5 is chance).
 *
 * <p>Two stores per split: each turn remembered alone as {@code "Speaker: text"} (what a harness calling
 * {@code remember} per turn does), and each session remembered in one call ({@link AgentMemory#rememberSession}).
 * Conversations {@code 0..n-1} of the seed are the tuning split (weights may be chosen on them, {@code --tune}
 * prints a grid), {@code n..2n-1} the test split (never looked at while tuning).
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.LongConversationRecallRunner [conversations=6] [seed=26] [--tune]
 * </pre>
 * {@code --sample} prints two sessions and the questions of the first conversation; the environment variable
 * {@code EXPLAIN=<kind>} prints the default's five best memories, with their parts, for each question of that kind.
 */
public final class LongConversationRecallRunner {
    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    /** Per kind: {recall@5, recall@10, MRR, questions}; for adversarial: {AUROC, rejected at 0.5, -, questions}. */
    record Score(String name, Map<String, double[]> byKind) {}

    /** Where a configuration recalls from. */
    enum Store { RAW_DENSE, RAW_BM25, TURNS, SESSIONS }

    /** One configuration: which store and how it recalls. */
    private record Config(String name, Store store, Function<Recall, Recall> shape, boolean confidence) {
        Config(String name, Store store, Function<Recall, Recall> shape) {
            this(name, store, shape, true);
        }
    }

    /** One result: its id, its score and its confidence (a single signal's own score). */
    private record Ranked(String id, double score, double confidence) {}

    private LongConversationRecallRunner() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 6;
        long seed = args.length > 1 && !args[1].startsWith("--") ? Long.parseLong(args[1]) : 26;
        boolean tune = List.of(args).contains("--tune");
        if (List.of(args).contains("--sample")) { // what the set looks like: two sessions and every question
            LongConversationSet.Conversation c = new LongConversationSet(1, seed, 0).conversations.get(0);
            c.sessions().subList(0, 2).forEach(s -> s.forEach(t -> System.out.println(t.id() + " " + t.at() + " " + t.speaker() + ": "
                    + t.text())));
            c.questions().forEach(q -> System.out.println(q.kind() + ": " + q.text() + " <- " + q.evidence()));
            return;
        }
        Embedder embedder = Embedder.byDefault();
        LongConversationSet tuning = new LongConversationSet(n, seed, 0);
        System.out.println(table("Tuning split", tuning, run(tuning, embedder, tune)));
        if (tune) {
            fitConfidence();
        }
        if (!tune) {
            LongConversationSet test = new LongConversationSet(n, seed, n);
            System.out.println(table("Test split", test, run(test, embedder, false)));
        }
    }

    static List<Config> configs(boolean tune) {
        List<Config> out = new ArrayList<>();
        // the single signals on their own, outside AgentMemory: MiniLM + HNSW, and FTS5 BM25, over "Speaker: text";
        // a single signal's own top score is its confidence
        out.add(new Config("dense only", Store.RAW_DENSE, r -> r, false));
        out.add(new Config("BM25 only", Store.RAW_BM25, r -> r, false));
        out.add(new Config("default, remember per turn", Store.TURNS, r -> r));
        out.add(new Config("semantic weights only, rememberSession", Store.SESSIONS, r -> r.weights(RecallWeights.semanticOnly()), false));
        out.add(new Config("default, rememberSession", Store.SESSIONS, r -> r));
        if (tune) {
            RecallWeights d = RecallWeights.defaults();
            for (double kw : new double[] {0.5, 1.0}) {
                for (double names : new double[] {1, 2}) {
                    for (double time : new double[] {1, 2}) {
                        for (double hop : new double[] {0, 0.3}) {
                            RecallWeights w = d.keyword(kw).names(names).time(time).hop(hop);
                            out.add(new Config(String.format(Locale.ROOT, "sessions kw %.1f names %.0f time %.1f hop %.1f", kw, names, time,
                                    hop), Store.SESSIONS, r -> r.weights(w)));
                        }
                    }
                }
            }
        }
        return out;
    }

    static List<Score> run(LongConversationSet set, Embedder embedder, boolean tune) throws Exception {
        try (LumosDB rawDb = LumosDB.builder().inMemory().open();
                LumosDB turnsDb = LumosDB.builder().inMemory().open();
                LumosDB sessionsDb = LumosDB.builder().inMemory().open();
                AgentMemory turns = AgentMemory.builder(turnsDb).embedder(embedder).open();
                AgentMemory sessions = AgentMemory.builder(sessionsDb).embedder(embedder).open()) {
            Map<String, List<String>> turnIds = new LinkedHashMap<>();
            Map<String, List<String>> sessionIds = new LinkedHashMap<>();
            Map<String, List<String>> rawIds = new LinkedHashMap<>();
            VectorCollection raw = rawDb.vectors().create("turns", VectorSpec.of(embedder.dimensions(), Metric.COSINE));
            for (LongConversationSet.Conversation c : set.conversations) {
                List<String> ids = new ArrayList<>();
                for (int from = 0; from < c.turns().size(); from += 256) {
                    List<LongConversationSet.Turn> part = c.turns().subList(from, Math.min(c.turns().size(), from + 256));
                    List<float[]> vs = embedder.embedAll(part.stream().map(t -> t.speaker() + ": " + t.text()).toList());
                    List<VectorRecord> records = new ArrayList<>();
                    for (int i = 0; i < part.size(); i++) {
                        LongConversationSet.Turn t = part.get(i);
                        String id = c.id() + "-t" + t.id();
                        records.add(new VectorRecord(id, vs.get(i), Map.of("text", t.speaker() + ": " + t.text(), "user", c.id())));
                        ids.add(id);
                    }
                    raw.upsertAll(records);
                }
                rawIds.put(c.id(), ids);
            }
            for (LongConversationSet.Conversation c : set.conversations) {
                List<Memory> batch = new ArrayList<>();
                for (LongConversationSet.Turn t : c.turns()) {
                    batch.add(Memory.text(t.speaker() + ": " + t.text()).user(c.id()).session(c.id() + "-s" + t.session()).at(t.at()));
                }
                turnIds.put(c.id(), turns.rememberAll(batch));
                List<String> ids = new ArrayList<>();
                for (List<LongConversationSet.Turn> session : c.sessions()) {
                    List<Message> messages = new ArrayList<>();
                    session.forEach(t -> messages.add(new Message(t.speaker(), t.text(), t.at(), Map.of())));
                    TranscriptMemories m = sessions.rememberSession(
                            Transcript.of(c.id() + "-s" + session.get(0).session(), messages).user(c.id()));
                    ids.addAll(m.ids());
                }
                sessionIds.put(c.id(), ids);
            }
            List<Score> out = new ArrayList<>();
            for (Config cfg : configs(tune)) {
                Map<String, List<String>> ids = switch (cfg.store()) {
                    case RAW_DENSE, RAW_BM25 -> rawIds;
                    case TURNS -> turnIds;
                    case SESSIONS -> sessionIds;
                };
                out.add(score(cfg, cfg.store() == Store.SESSIONS ? sessions : turns, raw, embedder, set, ids));
            }
            return out;
        }
    }

    /** Features (semantic, keyword, names) of the best memory recalled per question and whether it answers it, for fitting the confidence. */
    static final List<double[]> FEATURES = new ArrayList<>();

    /** Fits {@code p = 1 / (1 + e^-(b0 + b1 s + b2 k + b3 n))} to {@link #FEATURES} by gradient descent; prints it. */
    static void fitConfidence() {
        double[] b = {0, 0, 0, 0};
        for (int step = 0; step < 20_000; step++) {
            double[] g = new double[4];
            for (double[] f : FEATURES) {
                double z = b[0] + b[1] * f[0] + b[2] * f[1] + b[3] * f[2];
                double err = 1 / (1 + Math.exp(-z)) - f[3];
                g[0] += err;
                g[1] += err * f[0];
                g[2] += err * f[1];
                g[3] += err * f[2];
            }
            for (int i = 0; i < 4; i++) {
                b[i] -= 2.0 * g[i] / FEATURES.size();
            }
        }
        System.out.printf(Locale.ROOT, "confidence fit on %d candidates: bias %.2f, semantic %.2f, keyword %.2f, names %.2f%n",
                FEATURES.size(), b[0], b[1], b[2], b[3]);
    }

    private static List<Ranked> recall(Config cfg, AgentMemory memory, VectorCollection raw, Embedder embedder,
            LongConversationSet.Conversation c, LongConversationSet.Question q, Set<String> evidence) throws Exception {
        String scope = "user = '" + c.id() + "'";
        List<Ranked> out = new ArrayList<>();
        if (cfg.store() == Store.RAW_DENSE) {
            raw.search(SearchRequest.of(embedder.embed(q.text())).k(10).filter(scope)).forEach(h -> out.add(new Ranked(h.id(), h.score(), h.score())));
            return out;
        }
        if (cfg.store() == Store.RAW_BM25) {
            raw.keywordSearch(q.text(), scope, 10).forEach(h -> out.add(new Ranked(h.id(), h.score(), h.score())));
            return out;
        }
        List<Recalled> r = memory.recall(cfg.shape().apply(Recall.query(q.text()).user(c.id()).k(10).asOf(q.asOf())));
        String explain = System.getenv("EXPLAIN");
        if (q.kind().equals(explain) && cfg.name().equals("default, rememberSession")) {
            System.out.println("Q " + q.text() + " <- " + evidence);
            r.subList(0, Math.min(5, r.size())).forEach(x -> System.out.printf(Locale.ROOT, "  %.3f c%.2f %s %s | %s%n", x.score(),
                    x.confidence(), x.parts(), x.id().substring(0, 6), x.text().replace("\n", " / ")));
        }
        if (cfg.name().equals("default, rememberSession") && !r.isEmpty()) { // is the best memory an answer?
            Recalled x = r.get(0);
            FEATURES.add(new double[] {x.parts().semantic(), x.parts().keyword(), x.parts().names(), evidence.contains(x.id()) ? 1 : 0});
        }
        r.forEach(x -> out.add(new Ranked(x.id(), x.score(), cfg.confidence() ? x.confidence() : x.score())));
        return out;
    }

    private static Score score(Config cfg, AgentMemory memory, VectorCollection raw, Embedder embedder, LongConversationSet set,
            Map<String, List<String>> ids) throws Exception {
        Map<String, double[]> sums = new LinkedHashMap<>(); // kind -> {hit@5, hit@10, reciprocal rank, questions}
        List<Double> answerable = new ArrayList<>();
        List<Double> adversarial = new ArrayList<>();
        for (LongConversationSet.Conversation c : set.conversations) {
            for (LongConversationSet.Question q : c.questions()) {
                Set<String> wanted = new HashSet<>();
                q.evidence().forEach(e -> wanted.add(ids.get(c.id()).get(e)));
                List<Ranked> r = recall(cfg, memory, raw, embedder, c, q, wanted);
                double top = r.isEmpty() ? 0 : r.get(0).confidence();
                if (q.evidence().isEmpty()) {
                    adversarial.add(top);
                    continue;
                }
                answerable.add(top);
                Set<String> found5 = new HashSet<>();
                Set<String> found10 = new HashSet<>();
                double rr = 0;
                for (int i = 0; i < r.size(); i++) {
                    String id = r.get(i).id();
                    if (wanted.contains(id)) {
                        (i < 5 ? found5 : found10).add(id);
                        rr = rr == 0 ? 1.0 / (i + 1) : rr;
                    }
                }
                found10.addAll(found5);
                for (String kind : List.of("all", q.kind())) {
                    double[] s = sums.computeIfAbsent(kind, x -> new double[4]);
                    s[0] += found5.containsAll(wanted) ? 1 : 0;
                    s[1] += found10.containsAll(wanted) ? 1 : 0;
                    s[2] += rr;
                    s[3]++;
                }
            }
        }
        Map<String, double[]> by = new LinkedHashMap<>();
        sums.forEach((kind, s) -> by.put(kind, new double[] {s[0] / s[3], s[1] / s[3], s[2] / s[3], s[3]}));
        long rejected = adversarial.stream().filter(x -> x < 0.5).count();
        long kept = answerable.stream().filter(x -> x >= 0.5).count();
        by.put(LongConversationSet.ADVERSARIAL, new double[] {auroc(answerable, adversarial), rejected / (double) adversarial.size(),
            kept / (double) answerable.size(), adversarial.size()});
        return new Score(cfg.name(), by);
    }

    /** The chance that an answerable question's top confidence exceeds an adversarial one's (ties count half). */
    static double auroc(List<Double> positive, List<Double> negative) {
        double wins = 0;
        for (double p : positive) {
            for (double n : negative) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return positive.isEmpty() || negative.isEmpty() ? 0 : wins / ((double) positive.size() * negative.size());
    }

    /** Whether the score's confidence is the memory's (at 0.5, rejection means something), not a single signal's raw score. */
    private static boolean cfg(Score sc) {
        return sc.name().startsWith("default") || sc.name().startsWith("sessions");
    }

    static String table(String title, LongConversationSet set, List<Score> scores) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s: %d conversations, %d turns, %d questions%n%n", title, set.conversations.size(),
                set.turns(), set.questions()));
        s.append("| configuration | all: R@5 / R@10 / MRR |");
        List<String> kinds = new ArrayList<>(LongConversationSet.KINDS);
        kinds.remove(LongConversationSet.ADVERSARIAL);
        for (String k : kinds) {
            s.append(' ').append(k).append(" (").append((int) scores.get(0).byKind().get(k)[3]).append(") |");
        }
        s.append(" adversarial (").append((int) scores.get(0).byKind().get(LongConversationSet.ADVERSARIAL)[3])
                .append("): AUROC / rejected / answerable kept |\n");
        s.append("|---|---|").append("---|".repeat(kinds.size())).append("---|\n");
        for (Score sc : scores) {
            s.append("| ").append(sc.name()).append(" |");
            List<String> columns = new ArrayList<>(List.of("all"));
            columns.addAll(kinds);
            for (String k : columns) {
                double[] v = sc.byKind().get(k);
                s.append(String.format(Locale.ROOT, " %.3f / %.3f / %.3f |", v[0], v[1], v[2]));
            }
            double[] a = sc.byKind().get(LongConversationSet.ADVERSARIAL);
            s.append(cfg(sc) ? String.format(Locale.ROOT, " %.3f / %.3f / %.3f |%n", a[0], a[1], a[2])
                    : String.format(Locale.ROOT, " %.3f / - / - |%n", a[0]));
        }
        return s.toString();
    }
}
