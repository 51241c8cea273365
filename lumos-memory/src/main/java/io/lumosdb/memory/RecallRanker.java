package io.lumosdb.memory;

import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Recall: candidates from the dense (HNSW, filtered) and keyword (BM25) searches of the collection, and from a
 * second keyword search for the names the best of them bring up (the second hop of a question that needs two
 * memories); each candidate scored on every part, combined by {@link RecallWeights}:
 * {@code score = relevance · (1 + recency·r + importance·i) · (1 + names·n) · (1 + time·t) · (1 + hop·h)}.
 * The time the query refers to is resolved against the time line ({@link TimeExpressions}); a span relative to
 * an event ("shortly before the trip to Lisbon") takes the time of the event's best keyword match.
 */
final class RecallRanker {
    /** BM25 relevance b becomes b / (b + this): about 0.5 for one rare word matched in a short memory. */
    static final double KEYWORD_HALF = 4.0;
    /** Memories told this long after the window the query names still count as of that time ("last weekend I..."). */
    static final Duration TOLD_LATER = Duration.ofDays(7);
    /** The best matches whose names feed the second hop. */
    static final int HOP_SOURCES = 3;
    /** Memories the second hop adds, at most. */
    static final int HOP_DEPTH = 50;
    /**
     * A scope of at most this many memories is searched for the second hop's names by reading their texts (kept in
     * memory by the collection) rather than by a second FTS5 search, which cost as much as the first one.
     */
    static final int HOP_SCAN = 5_000;

    private RecallRanker() {}

    private record Candidate(Recalled memory, double semantic, double keyword, double names, double time) {}

    static List<Recalled> rank(VectorCollection memories, float[] query, Recall r, String filter, RecallWeights w, long now)
            throws SQLException {
        int depth = Math.max(50, 4 * r.k());
        QuestionCues cues = QuestionCues.of(r.query(), now);
        boolean scoped = r.user() != null || r.agent() != null || r.session() != null;
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        Map<String, Double> semantic = new HashMap<>();
        Map<String, Double> keyword = new HashMap<>();
        if (w.semantic() > 0) {
            for (VectorHit h : memories.search(SearchRequest.of(query).k(depth).filter(filter))) {
                fields.put(h.id(), h.metadata());
                semantic.put(h.id(), h.score());
            }
        }
        Set<String> speakers = speakers(fields.values());
        if (w.keyword() > 0) {
            addKeywordHits(memories, withoutSpeakers(KeywordQuery.of(r.query()), speakers), filter, depth, fields, keyword, null);
        }
        TimeExpressions.Window window = w.time() > 0 ? resolve(memories, cues.time(), filter) : null;
        fillSemantic(memories, query, w, fields, semantic);
        List<Candidate> scored = candidates(fields, semantic, keyword, cues, window);
        Set<String> hop = Set.of();
        if (w.hop() > 0 && !fields.isEmpty()) {
            int before = fields.size();
            hop = secondHop(memories, scored, cues, speakers, scoped, w, now, filter, fields, keyword);
            fillSemantic(memories, query, w, fields, semantic);
            int i = 0;
            for (Map.Entry<String, Map<String, Object>> e : fields.entrySet()) { // the memories the hop added
                if (i++ >= before) {
                    scored.add(candidate(e.getKey(), e.getValue(), semantic, keyword, cues, window));
                }
            }
        }
        List<Recalled> out = new ArrayList<>(scored.size());
        for (Candidate c : scored) {
            double h = hop.contains(c.memory().id()) ? 1 : 0;
            out.add(score(c, w, now, h, !cues.names().isEmpty()));
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out.size() > r.k() ? List.copyOf(out.subList(0, r.k())) : List.copyOf(out);
    }

    /**
     * The keyword query without the names of the speakers among the dense candidates: "What is Priya's cat called?"
     * searches "cat called", not "Priya", which every line Priya said matches (shortest first, by BM25's length
     * normalisation). Who said it is the name part of the score.
     */
    static String withoutSpeakers(String keywords, Set<String> speakers) {
        StringJoiner kept = new StringJoiner(" ");
        for (String word : keywords.split(" ")) {
            if (!speakers.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                kept.add(word);
            }
        }
        return kept.length() == 0 ? keywords : kept.toString();
    }

    /** The speakers of {@code candidates} (field {@code speaker}, or lines {@code "Name: ..."}), lower case. */
    static Set<String> speakers(Iterable<Map<String, Object>> candidates) {
        Set<String> speakers = new HashSet<>();
        for (Map<String, Object> f : candidates) {
            if (f.get(MemoryFields.SPEAKER) instanceof String s) {
                speakers.add(s.toLowerCase(java.util.Locale.ROOT));
            }
            if (f.get(MemoryFields.TEXT) instanceof String text) {
                for (String line : text.split("\n")) {
                    String who = QuestionCues.lineSpeaker(line);
                    if (who != null) {
                        speakers.add(who.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        }
        return speakers;
    }

    private static List<Candidate> candidates(Map<String, Map<String, Object>> fields, Map<String, Double> semantic,
            Map<String, Double> keyword, QuestionCues cues, TimeExpressions.Window window) {
        List<Candidate> out = new ArrayList<>(fields.size());
        fields.forEach((id, f) -> out.add(candidate(id, f, semantic, keyword, cues, window)));
        return out;
    }

    /** The semantic score of candidates found by keywords only. */
    private static void fillSemantic(VectorCollection memories, float[] query, RecallWeights w, Map<String, Map<String, Object>> fields,
            Map<String, Double> semantic) {
        if (w.semantic() == 0) {
            return;
        }
        List<String> missing = new ArrayList<>();
        fields.keySet().forEach(id -> {
            if (!semantic.containsKey(id)) {
                missing.add(id);
            }
        });
        if (!missing.isEmpty()) {
            semantic.putAll(memories.scores(query, missing));
            missing.forEach(id -> semantic.putIfAbsent(id, 0.0));
        }
    }

    private static void addKeywordHits(VectorCollection memories, String text, String filter, int depth,
            Map<String, Map<String, Object>> fields, Map<String, Double> keyword, Set<String> found) throws SQLException {
        for (VectorHit h : memories.keywordSearch(text, filter, depth)) {
            keyword.merge(h.id(), h.score() / (h.score() + KEYWORD_HALF), Math::max);
            fields.putIfAbsent(h.id(), h.metadata());
            if (found != null) {
                found.add(h.id());
            }
        }
    }

    private static Candidate candidate(String id, Map<String, Object> f, Map<String, Double> semantic, Map<String, Double> keyword,
            QuestionCues cues, TimeExpressions.Window window) {
        Recalled m = MemoryFields.recalled(id, f);
        double n = cues.nameMatch(f.get(MemoryFields.SPEAKER) instanceof String s ? s : null, m.text());
        double t = 0;
        if (window != null) {
            long at = m.at().toEpochMilli();
            t = at >= window.from().toEpochMilli() && at < window.to().plus(TOLD_LATER).toEpochMilli() ? 1 : 0;
        }
        return new Candidate(m, Math.max(0, semantic.getOrDefault(id, 0.0)), keyword.getOrDefault(id, 0.0), n, t);
    }

    /** The window of the query's time; an event's time for a span relative to it (null when not found). */
    private static TimeExpressions.Window resolve(VectorCollection memories, TimeExpressions.Window time, String filter)
            throws SQLException {
        if (time == null || !time.anchored()) {
            return time;
        }
        List<VectorHit> anchor = memories.keywordSearch(KeywordQuery.of(time.anchor()), filter, 1);
        return anchor.isEmpty() ? null : time.around(MemoryFields.instant(anchor.get(0).metadata().get(MemoryFields.AT)));
    }

    /**
     * The memories that name what the best matches name and the query does not ("My brother Tom is visiting" brings
     * up "Tom"): found by keyword search, they are the second hop of a question like "What did my brother buy?".
     */
    private static Set<String> secondHop(VectorCollection memories, List<Candidate> scored, QuestionCues cues, Set<String> speakers,
            boolean scoped, RecallWeights w, long now, String filter, Map<String, Map<String, Object>> fields, Map<String, Double> keyword) throws SQLException {
        List<Recalled> first = new ArrayList<>();
        for (Candidate c : scored) {
            first.add(score(c, w, now, 0, !cues.names().isEmpty()));
        }
        first.sort((a, b) -> Double.compare(b.score(), a.score()));
        Set<String> names = new LinkedHashSet<>();
        Set<String> sources = new HashSet<>();
        for (Recalled m : first.subList(0, Math.min(HOP_SOURCES, first.size()))) {
            sources.add(m.id());
            for (String line : m.text().split("\n")) {
                String who = QuestionCues.lineSpeaker(line);
                names.addAll(QuestionCues.names(who != null ? line.substring(who.length() + 2) : line, true));
            }
        }
        names.removeAll(cues.names());
        names.removeAll(speakers); // "Hey Tomasz!" names the other speaker, not a second hop
        if (names.isEmpty()) {
            return Set.of();
        }
        Set<String> found = new LinkedHashSet<>();
        List<String> scope = scoped ? memories.ids(filter) : List.of();
        if (scoped && scope.size() <= HOP_SCAN) {
            for (String id : scope) {
                if (found.size() < HOP_DEPTH && !sources.contains(id)) {
                    Map<String, Object> f = memories.metadata(id).orElse(null);
                    if (f != null && f.get(MemoryFields.TEXT) instanceof String t && namesAny(t, names)) {
                        found.add(id);
                        fields.putIfAbsent(id, f);
                    }
                }
            }
        } else {
            StringJoiner text = new StringJoiner(" ");
            names.forEach(text::add);
            addKeywordHits(memories, text.toString(), filter, HOP_DEPTH, fields, new HashMap<>(), found);
        }
        found.removeAll(sources);
        found.forEach(id -> keyword.putIfAbsent(id, 0.0));
        return found;
    }

    /** Whether {@code text} has one of {@code names} (lower case) as a whole word, in any case. */
    static boolean namesAny(String text, Set<String> names) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String n : names) {
            for (int at = lower.indexOf(n); at >= 0; at = lower.indexOf(n, at + 1)) {
                boolean start = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
                int end = at + n.length();
                if (start && (end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Recalled score(Candidate c, RecallWeights w, long now, double hop, boolean questionNames) {
        Recalled m = c.memory();
        double s = c.semantic();
        double k = c.keyword();
        double age = Math.max(0, now - m.at().toEpochMilli());
        double rec = Math.pow(0.5, age / (double) w.halfLife().toMillis());
        double trust = w.semantic() > 0 && w.keywordTrust() > 0 ? Math.min(1, s / w.keywordTrust()) : 1;
        double relevance = w.semantic() * s + w.keyword() * k * trust;
        double total = relevance * (1 + w.recency() * rec + w.importance() * m.importance()) * (1 + w.names() * c.names())
                * (1 + w.time() * c.time()) * (1 + w.hop() * hop);
        return m.scored(total, new Recalled.Parts(s, k, rec, m.importance(), c.names(), c.time(), hop),
                RecallConfidence.of(s, k, c.names(), questionNames));
    }
}
