package io.lumosdb.memory;

import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recall: candidates from the dense (HNSW, filtered) and keyword (BM25) searches of the collection, each
 * scored on every part, combined by {@link RecallWeights}.
 */
final class RecallRanker {
    /** BM25 relevance b becomes b / (b + this): about 0.5 for one rare word matched in a short memory. */
    static final double KEYWORD_HALF = 4.0;

    private RecallRanker() {}

    static List<Recalled> rank(VectorCollection memories, float[] query, Recall r, String filter, RecallWeights w, long now)
            throws SQLException {
        int depth = Math.max(50, 4 * r.k());
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        Map<String, Double> semantic = new HashMap<>();
        Map<String, Double> keyword = new HashMap<>();
        if (w.semantic() > 0) {
            for (VectorHit h : memories.search(SearchRequest.of(query).k(depth).filter(filter))) {
                fields.put(h.id(), h.metadata());
                semantic.put(h.id(), h.score());
            }
        }
        if (w.keyword() > 0) {
            List<String> keywordOnly = new ArrayList<>();
            for (VectorHit h : memories.keywordSearch(KeywordQuery.of(r.query()), filter, depth)) {
                keyword.put(h.id(), h.score() / (h.score() + KEYWORD_HALF));
                if (fields.putIfAbsent(h.id(), h.metadata()) == null) {
                    keywordOnly.add(h.id());
                }
            }
            if (w.semantic() > 0 && !keywordOnly.isEmpty()) {
                semantic.putAll(memories.scores(query, keywordOnly));
            }
        }
        double halfLifeMillis = w.halfLife().toMillis();
        List<Recalled> scored = new ArrayList<>(fields.size());
        for (Map.Entry<String, Map<String, Object>> e : fields.entrySet()) {
            Recalled m = MemoryFields.recalled(e.getKey(), e.getValue());
            double s = Math.max(0, semantic.getOrDefault(m.id(), 0.0));
            double k = keyword.getOrDefault(m.id(), 0.0);
            double age = Math.max(0, now - m.at().toEpochMilli());
            double rec = Math.pow(0.5, age / halfLifeMillis);
            double trust = w.semantic() > 0 && w.keywordTrust() > 0 ? Math.min(1, s / w.keywordTrust()) : 1;
            double relevance = w.semantic() * s + w.keyword() * k * trust;
            double total = relevance * (1 + w.recency() * rec + w.importance() * m.importance());
            scored.add(m.scored(total, new Recalled.Parts(s, k, rec, m.importance())));
        }
        scored.sort((a, b) -> Double.compare(b.score(), a.score()));
        return scored.size() > r.k() ? List.copyOf(scored.subList(0, r.k())) : List.copyOf(scored);
    }
}
