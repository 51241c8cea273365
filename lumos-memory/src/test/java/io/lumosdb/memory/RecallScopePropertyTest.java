package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.vector.MetadataFilter;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorHit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever filter text a caller passes, a recall (and a filtered vector search) scoped to user alice returns
 * only alice's current, unexpired memories, or fails with {@link IllegalArgumentException}: never another
 * user's, an expired or a superseded memory, and never another exception.
 */
class RecallScopePropertyTest {
    private static final List<String> PIECES = List.of(")", "(", "))", "((", " OR ", " AND ", " NOT ", "--", "/*", "*/", "'",
            "\"", ";", ",", " ", "=", "<>", ">=", " IS ", " NULL", " IN ", "user", "agent", "session", "expires", "expires_at",
            "superseded_by", "valid_to", "importance", "at", "kind", "source", "text", "0", "1", "-1", "0.5", "99999999999999",
            "'alice'", "'bob'", "'mallory'", "'it''s'", "'planner'", "'chat'", "'\\'", "'%'", "'_'", "'é𝄞'",
            "user = 'bob'", "user <> 'alice'", "user IS NULL", "superseded_by IS NOT NULL", "expires <= 99999999999999",
            "importance >= 0", "1 = 1", "kind = 'EVENT'", "session IS NULL", "source = 'chat'", ") OR (", ") OR user = 'bob' OR (");

    private static Path dir;
    private static ScopedMemories store;

    @BeforeContainer
    static void open() throws IOException, SQLException {
        dir = Files.createTempDirectory("recall-scope");
        store = new ScopedMemories(dir);
    }

    @AfterContainer
    static void close() throws IOException, SQLException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Runs of hostile pieces, and valid filters joined to hostile pieces. */
    @Provide
    Arbitrary<String> filters() {
        Arbitrary<String> piece = Arbitraries.of(PIECES);
        Arbitrary<String> runs = piece.list().ofMinSize(1).ofMaxSize(30).map(l -> String.join("", l));
        Arbitrary<String> valid = Arbitraries.of("user = 'bob'", "importance >= 0", "superseded_by IS NOT NULL",
                "expires <= 99999999999999", "user IS NULL", "kind IN ('FACT', 'EVENT')", "NOT user = 'alice'", "at > 0");
        Arbitrary<String> joined = Combinators.combine(valid, Arbitraries.of(" OR ", " AND ", ") OR (", " OR NOT "), valid, piece)
                .as((a, op, b, p) -> a + op + b + p);
        return Arbitraries.oneOf(runs, joined, valid.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(" OR ", l)));
    }

    @Property(tries = 400)
    void aliceScopedRecall_returnsOnlyAlicesCurrentUnexpiredMemories(@ForAll("filters") String text, @ForAll boolean history)
            throws SQLException {
        Recall r;
        try {
            r = Recall.query("Where does she live? door code, tea, dentist").user("alice").k(50).filter(text);
        } catch (IllegalArgumentException refused) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("recalled");
        Set<String> allowed = history ? store.aliceUnexpired : store.aliceCurrent;
        List<Recalled> got = store.memory.recall(history ? r.includeSuperseded() : r);
        Set<String> ids = got.stream().map(Recalled::id).collect(Collectors.toSet());
        assertTrue(allowed.containsAll(ids), () -> text + " recalled " + got);
    }

    @Property(tries = 200)
    void aScopeCombinedAsTrees_holdsInAFilteredVectorSearch(@ForAll("filters") String text) throws SQLException {
        MetadataFilter asked;
        try {
            asked = MetadataFilter.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        MetadataFilter scope = MetadataFilter.parse("user = 'alice' AND superseded_by IS NULL AND (expires IS NULL OR expires > "
                + System.currentTimeMillis() + ")");
        float[] query = TestEmbedder.MINILM.embed("Where does she live?");
        List<VectorHit> hits = store.memory.vectors().search(SearchRequest.of(query).k(50).filter(scope.and(asked)));
        Set<String> ids = hits.stream().map(VectorHit::id).collect(Collectors.toSet());
        assertTrue(store.aliceCurrent.containsAll(ids), () -> text + " found " + ids);
        assertTrue(store.aliceCurrent.containsAll(store.memory.vectors().ids(scope.and(asked).toString())), text);
    }
}
