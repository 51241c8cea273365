package io.lumosdb.vector;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The search path of a collection: plans each search ({@link SearchPlanner}: the graph, the graph with
 * the filter applied during the walk, or an exact scan), runs it on the graph of the moment, attaches
 * metadata, and for hybrid searches fuses the vector ranking with the keyword ranking
 * ({@link KeywordSearcher}) by reciprocal rank. Also lists ids by filter and scores given ids.
 *
 * <pre>{@code
 * List<VectorHit> hits = searcher.search(SearchRequest.of(query).k(10).filter("lang = 'en'"));
 * }</pre>
 *
 * <p>Runs concurrently with writes and with other searches; takes no lock.
 */
final class CollectionSearcher {
    private static final int RRF_K = SearchRequest.DEFAULT_RRF_K;

    private final CollectionState state;
    private final FilterCache filters;
    private final KeywordSearcher keywords;
    private final SearchPlanner planner = new SearchPlanner();

    CollectionSearcher(CollectionState state, FilterCache filters, KeywordSearcher keywords) {
        this.state = state;
        this.filters = filters;
        this.keywords = keywords;
    }

    /** See {@link VectorCollection#search}. */
    List<VectorHit> search(SearchRequest request) throws SQLException {
        Objects.requireNonNull(request, "request");
        float[] query = Distances.prepare(request.vector(), state.spec.dimensions(), state.spec.metric(), "the query vector");
        MetadataFilter filter = filters.compile(request.filter());
        GraphIndex g = state.graph;
        long start = System.nanoTime();
        if (request.text() == null) {
            SearchPlan plan = plan(g, filter, request.k(), request);
            List<SearchPlanner.Ranked> ranked = planner.run(plan, g, state.metadata, filter, query, request.k(), state.writes.get());
            List<VectorHit> hits = new ArrayList<>(ranked.size());
            for (SearchPlanner.Ranked r : ranked) {
                Map<String, Object> meta = state.metadata.get(r.id());
                hits.add(new VectorHit(r.id(), state.spec.metric().score(r.distance()), meta == null ? Map.of() : meta));
            }
            state.storage.searched(plan.strategy().name().toLowerCase(java.util.Locale.ROOT), System.nanoTime() - start);
            return hits;
        }
        List<VectorHit> hits = hybrid(request, query, filter, g);
        state.storage.searched("hybrid", System.nanoTime() - start);
        return hits;
    }

    /** See {@link VectorCollection#explain}. */
    SearchPlan explain(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        MetadataFilter filter = filters.compile(request.filter());
        int k = request.text() == null ? request.k() : fusionDepth(request.k());
        SearchPlan plan = plan(state.graph, filter, k, request);
        if (request.text() == null) {
            return plan;
        }
        return new SearchPlan(plan.strategy(), plan.reason() + "; fused by reciprocal rank (k=" + RRF_K + ") with the "
                + fusionDepth(request.k()) + " best keyword (BM25) matches of '" + request.text() + "' in field "
                + state.spec.textField(), plan.estimatedSelectivity(), plan.estimatedMatches(), plan.candidates());
    }

    private SearchPlan plan(GraphIndex g, MetadataFilter filter, int k, SearchRequest request) {
        int ef = request.efOverride() != null ? request.efOverride() : state.spec.ef();
        if (request.isExact()) {
            return new SearchPlan(SearchPlan.Strategy.EXACT_SCAN, "exact search asked: every vector that passes the filter"
                    + " is compared", 1.0, g.size(), 0);
        }
        return planner.plan(g, state.metadata, filter, k, ef, state.writes.get());
    }

    private static int fusionDepth(int k) {
        return Math.max(50, 4 * k);
    }

    private List<VectorHit> hybrid(SearchRequest request, float[] query, MetadataFilter filter, GraphIndex g) throws SQLException {
        keywords.requireTextField();
        int depth = fusionDepth(request.k());
        List<SearchPlanner.Ranked> byVector = planner.run(plan(g, filter, depth, request), g, state.metadata, filter, query, depth,
                state.writes.get());
        List<KeywordSearcher.Scored> byText = keywords.keywordMatches(request.text(), filter, depth);
        Map<String, Double> fused = new LinkedHashMap<>();
        for (int i = 0; i < byVector.size(); i++) {
            fused.merge(byVector.get(i).id(), request.vectorWeight() / (RRF_K + i + 1), Double::sum);
        }
        for (int i = 0; i < byText.size(); i++) {
            fused.merge(byText.get(i).id(), request.textWeight() / (RRF_K + i + 1), Double::sum);
        }
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(fused.entrySet());
        ordered.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        List<VectorHit> hits = new ArrayList<>(request.k());
        for (Map.Entry<String, Double> e : ordered) {
            Map<String, Object> meta = state.metadata.get(e.getKey());
            if (meta != null) {
                hits.add(new VectorHit(e.getKey(), e.getValue(), meta));
                if (hits.size() == request.k()) {
                    break;
                }
            }
        }
        return hits;
    }

    /** See {@link VectorCollection#ids}. */
    List<String> ids(String filter) {
        MetadataFilter f = filters.compile(filter);
        List<String> out = new ArrayList<>();
        if (f == null) {
            out.addAll(state.metadata.all().keySet());
            return out;
        }
        MetadataStore.Narrowed candidates = state.metadata.candidates(f);
        if (candidates != null) {
            for (String id : candidates.ids()) {
                Map<String, Object> meta = state.metadata.get(id);
                if (meta != null && f.matches(meta)) {
                    out.add(id);
                }
            }
            return out;
        }
        state.metadata.all().forEach((id, meta) -> {
            if (f.matches(meta)) {
                out.add(id);
            }
        });
        return out;
    }

    /** See {@link VectorCollection#scores}. */
    Map<String, Double> scores(float[] query, Collection<String> ids) {
        float[] q = Distances.prepare(Objects.requireNonNull(query, "query"), state.spec.dimensions(), state.spec.metric(),
                "the query vector");
        GraphIndex g = state.graph;
        Map<String, Double> out = new HashMap<>();
        for (String id : ids) {
            float d = g.distance(q, id);
            if (!Float.isNaN(d)) {
                out.put(id, state.spec.metric().score(d));
            }
        }
        return out;
    }
}
