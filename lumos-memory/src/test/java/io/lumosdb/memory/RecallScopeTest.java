package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.vector.MetadataFilter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recall's scope, expiry and supersession hold whatever its filter text says. */
class RecallScopeTest {
    @TempDir
    Path dir;
    ScopedMemories store;

    @BeforeEach
    void open() throws SQLException {
        store = new ScopedMemories(dir);
    }

    @AfterEach
    void close() throws SQLException {
        store.close();
    }

    private Set<String> recall(Recall r) throws SQLException {
        return store.memory.recall(r.k(50)).stream().map(Recalled::id).collect(Collectors.toSet());
    }

    @Test
    void aFilterThatClosesTheScopesParenthesis_isRefused_andNothingIsRecalled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recall.query("x").user("alice").filter("importance >= 0) OR (importance >= 0"));
        assertTrue(e.getMessage().contains("')' closes no '(' at position 16"), e.getMessage());
        for (String breakout : new String[] {"1 = 1) OR (1 = 1", "importance >= 0)) OR ((importance >= 0",
                "importance >= 0) OR user = 'bob' OR (importance >= 0", "importance >= 0) --", "importance >= 0); DELETE"}) {
            assertThrows(IllegalArgumentException.class, () -> Recall.query("x").user("alice").filter(breakout), breakout);
            assertThrows(IllegalArgumentException.class, () -> store.memory.forgetWhere(breakout), breakout);
        }
    }

    @Test
    void filtersThatSelectEverything_stillOnlyReachAlicesCurrentUnexpiredMemories() throws SQLException {
        for (String wide : new String[] {"importance >= 0 OR importance < 0", "user = 'bob' OR user <> 'bob' OR user IS NULL",
                "superseded_by IS NOT NULL OR superseded_by IS NULL", "expires <= 99999999999999 OR expires IS NULL",
                "NOT (user = 'alice') OR user = 'alice'", "agent = 'planner' OR session IS NULL OR session IS NOT NULL"}) {
            Set<String> got = recall(Recall.query("Where does she live? door code tea").user("alice").filter(wide));
            assertTrue(store.aliceCurrent.containsAll(got), wide + ": " + got);
            assertFalse(got.isEmpty(), wide);
            Set<String> withHistory = recall(Recall.query("Where does she live?").user("alice").includeSuperseded().filter(wide));
            assertTrue(store.aliceUnexpired.containsAll(withHistory), wide + ": " + withHistory);
        }
        assertEquals(Set.of(), recall(Recall.query("Where does she live?").user("alice").filter("user = 'bob'")));
        assertEquals(Set.of(), recall(Recall.query("door code").user("alice").filter("superseded_by IS NOT NULL")));
    }

    @Test
    void aRecallFilterOverTheLimits_isRefusedNamingTheLimit() {
        StringBuilder ors = new StringBuilder("importance = 0");
        for (int i = 1; i < 10_000; i++) {
            ors.append(" OR importance = ").append(i);
        }
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalArgumentException.class, () -> Recall.query("x").user("alice").filter(ors.toString())));
        assertTrue(e.getMessage().contains(MetadataFilter.MAX_OPERATORS_PROPERTY), e.getMessage());
        String deep = "(".repeat(1_000) + "importance >= 0" + ")".repeat(1_000);
        e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalArgumentException.class, () -> store.memory.forgetWhere(deep)));
        assertTrue(e.getMessage().contains(MetadataFilter.MAX_DEPTH_PROPERTY), e.getMessage());
    }

    @Test
    void scopeValues_withQuotes_areConstants() throws SQLException {
        String odd = "o'brien') OR (user = 'alice";
        String id = store.memory.remember(Memory.text("O'Brien keeps bees").user(odd));
        assertEquals(Set.of(id), recall(Recall.query("bees").user(odd)));
        assertEquals(List.of(), store.memory.recall(Recall.query("bees").user("alice").filter("user = " + MetadataFilter.literal(odd))));
    }
}
