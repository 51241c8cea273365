package io.lumosdb.vector;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keyword search over a collection's text field: SQLite FTS5 ranked by BM25, kept to the matches whose
 * metadata passes a filter. Each word of the query is quoted, so FTS5 syntax in it means nothing.
 *
 * <pre>{@code
 * List<KeywordSearcher.Scored> best = keywords.keywordMatches("kubernetes autoscaling", filter, 50);
 * }</pre>
 *
 * <p>A filter that an equality index narrows to at most {@value #KEYWORDS_WITHIN_IDS} ids restricts the
 * search to those ids; otherwise more matches are read than asked for (four times as many, again while
 * fewer than asked pass) and filtered.
 */
final class KeywordSearcher {
    /** A keyword search under a filter that an index narrows to at most this many ids is run over those ids only. */
    static final int KEYWORDS_WITHIN_IDS = 5_000;
    /**
     * Keyword search within ids lets FTS5 evaluate the MATCH once per id only when the collection is at least
     * this many times larger than the ids: one evaluation per id cost about 0.15 ms, the whole MATCH about
     * 0.5 ms, on 2,000 memories (54 ids: 8 ms against 0.5 ms).
     */
    static final long PER_ID_MATCH_SHARE = 500;

    private final CollectionState state;
    private final FilterCache filters;

    KeywordSearcher(CollectionState state, FilterCache filters) {
        this.state = state;
        this.filters = filters;
    }

    /** See {@link VectorCollection#keywordSearch}. */
    List<VectorHit> keywordSearch(String text, String filter, int k) throws SQLException {
        Objects.requireNonNull(text, "text");
        requireTextField();
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("k must be 1 to 10,000, was " + k);
        }
        List<VectorHit> hits = new ArrayList<>();
        for (Scored s : keywordMatches(text, filters.compile(filter), k)) {
            Map<String, Object> meta = state.metadata.get(s.id());
            if (meta != null) {
                hits.add(new VectorHit(s.id(), s.score(), meta));
            }
        }
        return hits;
    }

    void requireTextField() {
        if (state.spec.textField() == null) {
            throw new IllegalArgumentException("collection " + state.name() + " has no text field; create it with"
                    + " VectorSpec.withTextField(...) to search by keywords");
        }
    }

    record Scored(String id, double score) {}

    /** The best keyword matches (BM25) that pass the filter, best first. */
    List<Scored> keywordMatches(String text, MetadataFilter filter, int wanted) throws SQLException {
        String match = ftsQuery(text);
        if (match == null) {
            return List.of();
        }
        List<Scored> out = new ArrayList<>();
        MetadataStore.Narrowed narrowed = filter == null ? null : state.metadata.candidates(filter);
        // a filter an index narrows to few ids: the keyword search runs over those ids only
        String within = narrowed != null && narrowed.ids().size() <= KEYWORDS_WITHIN_IDS ? MetadataJson.array(narrowed.ids()) : null;
        // FTS5 takes "rowid IN (...)" as one MATCH evaluation per id; "+rowid" keeps it to one evaluation,
        // filtered after: cheaper unless the ids are a tiny share of the collection
        boolean matchPerId = narrowed != null && (long) narrowed.ids().size() * PER_ID_MATCH_SHARE <= state.graph.size();
        int limit = filter == null || within != null ? wanted : wanted * 4;
        while (true) {
            int asked = limit;
            List<Scored> found = state.storage.read(c -> {
                List<Scored> rows = new ArrayList<>();
                String fts = state.tables.keywords();
                try (PreparedStatement ps = c.prepareStatement("SELECT v.id, -bm25(" + fts + ") AS score FROM " + fts + " JOIN "
                        + state.tables.vectors() + " v ON v.rowid = " + fts + ".rowid WHERE " + fts + " MATCH ?"
                        + (within != null ? " AND " + (matchPerId ? "" : "+") + fts + ".rowid IN (SELECT rowid FROM " + state.tables.vectors()
                                + " WHERE id IN (SELECT value FROM json_each(?)))" : "") + " ORDER BY score DESC LIMIT ?")) {
                    int p = 1;
                    ps.setString(p++, match);
                    if (within != null) {
                        ps.setString(p++, within);
                    }
                    ps.setInt(p, asked);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Scored(rs.getString(1), rs.getDouble(2)));
                        }
                    }
                }
                return rows;
            });
            out.clear();
            for (Scored s : found) {
                Map<String, Object> meta = state.metadata.get(s.id());
                if (meta != null && (filter == null || filter.matches(meta))) {
                    out.add(s);
                    if (out.size() == wanted) {
                        return out;
                    }
                }
            }
            if (found.size() < asked) {
                return out; // every keyword match was seen
            }
            limit *= 4;
        }
    }

    /** The words of {@code text}, each quoted, OR-ed: FTS5 syntax in the text cannot do anything else. */
    static String ftsQuery(String text) {
        StringBuilder q = new StringBuilder();
        for (String word : text.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                q.append(q.length() == 0 ? "" : " OR ").append('"').append(word.replace("\"", "\"\"")).append('"');
            }
        }
        return q.length() == 0 ? null : q.toString();
    }

}
