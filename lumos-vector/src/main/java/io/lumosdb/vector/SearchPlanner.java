package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Chooses how a vector search runs and runs it, so that a filter never loses results.
 *
 * <p>Without a filter: the graph, with a beam of {@code max(k, ef)}. With one: the share of vectors it
 * matches is counted through an equality index when it has one, else estimated on a sample of the
 * metadata ({@value #SAMPLE} entries). If few vectors match (at most {@value #EXACT_LIMIT}, or fewer than
 * 40 per result asked), every match is compared exactly, which is cheap and has recall 1. Otherwise the
 * graph is walked with the filter applied during the walk ({@link HnswGraphSearcher}): rejected nodes
 * are walked through but never kept, and the beam holds {@code max(k + 3√k, ef × selectivity)} matches:
 * the matches an unfiltered beam of {@code max(ef, (k + 3√k) / selectivity)} would hold, so that the walk
 * costs what that beam costs, with k passing three standard deviations to spare (binomial). When the walk
 * computes more distances than the filter has matches, or finds fewer than {@code k}, the search switches
 * to the exact scan: a search returns {@code k} results whenever {@code k} vectors match. This is
 * Lucene's plan for filtered HNSW searches (filter during the walk, exact when that costs more).
 */
final class SearchPlanner {
    static final int SAMPLE = 1_000;
    static final int EXACT_LIMIT = 3_000;

    /** A ranked result before metadata is attached: id and graph distance. */
    record Ranked(String id, float distance) {}

    /** Filters whose matches are remembered (while no write happened) hold at most this many ids. */
    static final int REMEMBER_MATCHES_UP_TO = 20_000;

    /** The ids a filter matched, and the write count they are valid for. */
    private record Matches(long writes, List<String> ids) {}

    private final ConcurrentHashMap<String, Matches> matches = new ConcurrentHashMap<>();
    /** A filter's estimated selectivity, and the write count it is valid for. */
    private record Estimate(long writes, double selectivity) {}

    private final ConcurrentHashMap<String, Estimate> estimates = new ConcurrentHashMap<>();
    private final FilterVerdicts verdicts = new FilterVerdicts();

    SearchPlan plan(GraphIndex graph, MetadataStore metadata, MetadataFilter filter, int k, int ef, long writes) {
        int live = graph.size();
        int beam = Math.max(k, ef);
        if (filter == null) {
            return new SearchPlan(SearchPlan.Strategy.HNSW, "no filter: the graph alone (ef " + beam + ")", 1.0, live, beam);
        }
        Estimate known = estimates.get(filter.toString());
        double selectivity;
        MetadataStore.Narrowed narrowed = metadata.candidates(filter);
        boolean exactly = narrowed != null && narrowed.ids().size() <= REMEMBER_MATCHES_UP_TO;
        if (exactly) {
            // an equality index narrowed the filter to few candidates: count the matches themselves
            selectivity = live == 0 ? 0 : Math.min(1.0, matching(filter, metadata, writes).size() / (double) live);
        } else if (known != null && known.writes() == writes) {
            selectivity = known.selectivity(); // the sample is not taken again until a write
        } else {
            selectivity = estimate(metadata.all(), filter);
            if (estimates.size() >= 1_024) {
                estimates.clear();
            }
            estimates.put(filter.toString(), new Estimate(writes, selectivity));
        }
        long matches = Math.round(selectivity * live);
        String share = exactly ? String.format(Locale.ROOT, "%.2f%% of %,d vectors (%,d, counted through the index on %s)",
                100 * selectivity, live, matches, narrowed.field())
                : String.format(Locale.ROOT, "%.2f%% of %,d vectors (~%,d)", 100 * selectivity, live, matches);
        if (matches <= Math.max(EXACT_LIMIT, 40L * k)) {
            return new SearchPlan(SearchPlan.Strategy.EXACT_SCAN, "the filter matches about " + share
                    + ": comparing each match exactly is cheap and loses nothing", selectivity, matches, 0);
        }
        int kept = filteredBeam(k, ef, selectivity);
        return new SearchPlan(SearchPlan.Strategy.HNSW_FILTERED, "the filter matches about " + share + ": applied during the"
                + " graph walk, which keeps the " + kept + " nearest matches; an exact scan instead if the walk computes more than "
                + visitLimit(matches) + " distances or finds fewer than " + k, selectivity, matches, kept);
    }

    /**
     * Matches the filtered walk keeps: as many as an unfiltered beam of {@code max(ef, (k + 3√k) / selectivity)}
     * would hold (k pass with three standard deviations to spare), so the walk costs about what that beam costs.
     */
    static int filteredBeam(int k, int ef, double selectivity) {
        return (int) Math.ceil(Math.max(k + 3 * Math.sqrt(k), ef * selectivity));
    }

    /** Distances a filtered walk may compute before an exact scan of the matches is the cheaper way (Lucene's bound). */
    private static int visitLimit(long matches) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(EXACT_LIMIT, matches));
    }

    /** The share of a sample of the metadata that the filter selects (at least half a vector's worth). */
    private static double estimate(Map<String, Map<String, Object>> metadata, MetadataFilter filter) {
        int seen = 0;
        int selected = 0;
        Iterator<Map<String, Object>> it = metadata.values().iterator(); // hash order: unrelated to the values
        while (seen < SAMPLE && it.hasNext()) {
            seen++;
            if (filter.matches(it.next())) {
                selected++;
            }
        }
        if (seen == 0) {
            return 0;
        }
        return selected == 0 ? 0.5 / seen : (double) selected / seen; // none seen: less than one in the sample
    }

    /** Runs {@code plan}: the {@code k} closest vectors (that pass the filter), closest first. */
    List<Ranked> run(SearchPlan plan, GraphIndex graph, MetadataStore metadata, MetadataFilter filter, float[] query, int k,
            long writes) {
        switch (plan.strategy()) {
            case HNSW: {
                List<Ranked> found = ranked(graph, graph.nearest(query, plan.candidates(), null, Integer.MAX_VALUE), metadata, k);
                // fewer than asked while more are stored: the walk missed nodes it could not reach (many equal
                // vectors, a graph thinned by deletes); comparing every vector costs no more than the k asked when
                // few are stored, and never loses one
                return found.size() < Math.min(k, graph.size()) ? exact(graph, metadata, null, query, k) : found;
            }
            case EXACT_SCAN:
                return filter == null ? exact(graph, metadata, null, query, k)
                        : exact(graph, matching(filter, metadata, writes), query, k);
            default:
                IntPredicate accept = verdicts.accept(graph, metadata, filter, writes);
                HnswGraphSearcher.Found found = graph.nearest(query, plan.candidates(), accept, visitLimit(plan.estimatedMatches()));
                if (found.stoppedEarly() || found.size() < k) {
                    return exact(graph, metadata, filter, query, k); // cheaper than walking on, or the graph had too few
                }
                return ranked(graph, found, metadata, k);
        }
    }

    /** The first {@code k} of {@code found} that still have metadata (not deleted since). */
    private static List<Ranked> ranked(GraphIndex graph, HnswGraphSearcher.Found found, MetadataStore metadata, int k) {
        List<Ranked> out = new ArrayList<>(Math.min(k, found.size()));
        for (int i = 0; i < found.size() && out.size() < k; i++) {
            String id = graph.id(found.nodes()[i]);
            if (metadata.get(id) != null) {
                out.add(new Ranked(id, found.distances()[i]));
            }
        }
        return out;
    }

    /**
     * The ids {@code filter} selects, remembered until the next write ({@code writes} counts them; read
     * it before the metadata): a filter asked again (a tenant, a user) costs no scan of the metadata.
     */
    List<String> matching(MetadataFilter filter, MetadataStore metadata, long writes) {
        Matches known = matches.get(filter.toString());
        if (known != null && known.writes() == writes) {
            return known.ids();
        }
        List<String> ids = new ArrayList<>();
        MetadataStore.Narrowed candidates = metadata.candidates(filter);
        if (candidates != null) {
            for (String id : candidates.ids()) {
                Map<String, Object> meta = metadata.get(id);
                if (meta != null && filter.matches(meta)) {
                    ids.add(id);
                }
            }
        } else {
            for (Map.Entry<String, Map<String, Object>> e : metadata.all().entrySet()) {
                if (filter.matches(e.getValue())) {
                    ids.add(e.getKey());
                }
            }
        }
        if (ids.size() <= REMEMBER_MATCHES_UP_TO) {
            if (matches.size() >= 256) {
                matches.clear();
            }
            matches.put(filter.toString(), new Matches(writes, List.copyOf(ids)));
        }
        return ids;
    }

    /** The k of {@code ids} closest to the query. */
    private List<Ranked> exact(GraphIndex graph, List<String> ids, float[] query, int k) {
        PriorityQueue<Ranked> worstFirst = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(b.distance(), a.distance()));
        for (String id : ids) {
            float d = graph.distance(query, id);
            if (!Float.isNaN(d)) {
                offer(worstFirst, new Ranked(id, d), k);
            }
        }
        return sorted(worstFirst);
    }

    private static void offer(PriorityQueue<Ranked> worstFirst, Ranked r, int k) {
        if (worstFirst.size() < k) {
            worstFirst.add(r);
        } else if (r.distance() < worstFirst.peek().distance()) {
            worstFirst.poll();
            worstFirst.add(r);
        }
    }

    private static List<Ranked> sorted(PriorityQueue<Ranked> worstFirst) {
        List<Ranked> out = new ArrayList<>(worstFirst);
        out.sort((a, b) -> Float.compare(a.distance(), b.distance()));
        return out;
    }

    /** Every vector the filter selects, compared with the query: the k closest. */
    List<Ranked> exact(GraphIndex graph, MetadataStore metadata, MetadataFilter filter, float[] query, int k) {
        MetadataStore.Narrowed narrowed = filter == null ? null : metadata.candidates(filter);
        if (narrowed != null) {
            List<String> ids = new ArrayList<>();
            for (String id : narrowed.ids()) {
                Map<String, Object> meta = metadata.get(id);
                if (meta != null && filter.matches(meta)) {
                    ids.add(id);
                }
            }
            return exact(graph, ids, query, k);
        }
        PriorityQueue<Ranked> worstFirst = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(b.distance(), a.distance()));
        for (Map.Entry<String, Map<String, Object>> e : metadata.all().entrySet()) {
            if (filter != null && !filter.matches(e.getValue())) {
                continue;
            }
            float d = graph.distance(query, e.getKey());
            if (!Float.isNaN(d)) { // else removed after the metadata was read
                offer(worstFirst, new Ranked(e.getKey(), d), k);
            }
        }
        return sorted(worstFirst);
    }
}
