package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeExpressionsTest {
    /** A Wednesday. */
    private static final Instant NOW = Instant.parse("2023-10-18T12:00:00Z");

    private static void window(String question, String from, String to) {
        TimeExpressions.Window w = TimeExpressions.find(question, NOW);
        assertEquals(Instant.parse(from + "T00:00:00Z"), w.from(), question);
        assertEquals(Instant.parse(to + "T00:00:00Z"), w.to(), question);
    }

    @Test
    void monthsAreResolvedAgainstNow() {
        window("What did Priya paint in May 2023?", "2023-05-01", "2023-06-01");
        window("What did Priya paint last May?", "2023-05-01", "2023-06-01");
        window("What did she do last October?", "2022-10-01", "2022-11-01"); // this month is October: the one before
        window("What happened in December?", "2022-12-01", "2023-01-01");   // no year: the latest December up to now
        window("Where did we go in early June 2023?", "2023-06-01", "2023-06-11");
        window("Where did we go in late June?", "2023-06-21", "2023-07-01");
        window("What did I say on 8 May 2023?", "2023-05-08", "2023-05-09");
    }

    @Test
    void relativeDaysWeeksMonthsAndSeasons() {
        window("What did I cook yesterday?", "2023-10-17", "2023-10-19");
        window("What did we do last week?", "2023-10-09", "2023-10-16");
        window("What did we do last weekend?", "2023-10-14", "2023-10-17");
        window("What did I buy last month?", "2023-09-01", "2023-10-01");
        window("Where was I three months ago?", "2023-07-02", "2023-08-03");
        window("What did we do in the summer of 2022?", "2022-06-01", "2022-09-01");
        window("What did we do last summer?", "2023-06-01", "2023-09-01");
        window("What happened in 2021?", "2021-01-01", "2022-01-01");
    }

    @Test
    void aSpanBeforeAnEventIsAnAnchorToFind() {
        TimeExpressions.Window w = TimeExpressions.find("What did Priya bake shortly before the trip to Lisbon?", NOW);
        assertTrue(w.anchored());
        assertEquals("the trip to Lisbon", w.anchor());
        TimeExpressions.Window around = w.around(Instant.parse("2023-06-20T10:00:00Z"));
        assertEquals(Instant.parse("2023-06-20T10:00:00Z").minus(Duration.ofDays(28)), around.from());
        assertFalse(around.anchored());
        TimeExpressions.Window after = TimeExpressions.find("What did we do the week after the wedding?", NOW);
        assertEquals("the wedding", after.anchor());
        assertFalse(after.before());
    }

    @Test
    void questionsWithoutTimeHaveNoWindow_andMayTheVerbIsNoMonth() {
        assertNull(TimeExpressions.find("What is the name of Priya's cat?", NOW));
        assertNull(TimeExpressions.find("May I ask where Priya works?", NOW));
        assertNull(TimeExpressions.find("Which musical instrument is Aiko learning?", NOW));
    }
}
