package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TranscriptIndexerTest {
    private static Message said(String who, String text) {
        return new Message(who, text, Instant.parse("2023-05-08T13:56:00Z"), Map.of());
    }

    @Test
    void aQuestionGoesWithItsAnswer_andAReactionWithWhatItReactsTo() {
        List<TranscriptIndexer.Exchange> e = TranscriptIndexer.exchanges(Transcript.of("s", List.of(
                said("Priya", "Hey!"),
                said("Tomasz", "Did you end up getting a cat? You talked about it for ages"),
                said("Priya", "I did! We named him Luna, he's a little rascal"),
                said("Tomasz", "Haha, love it"),
                said("Priya", "My brother Tom is staying with us next week"))));
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4)), e.stream().map(TranscriptIndexer.Exchange::messages).toList());
        assertEquals("Priya", e.get(0).speaker(), "the answer carries the exchange");
        assertEquals("Priya: Hey!\nTomasz: Did you end up getting a cat? You talked about it for ages\n"
                + "Priya: I did! We named him Luna, he's a little rascal\nTomasz: Haha, love it", e.get(0).text());
        assertEquals("Hey!\nDid you end up getting a cat? You talked about it for ages\n"
                + "I did! We named him Luna, he's a little rascal\nHaha, love it", e.get(0).embedded());
    }

    @Test
    void onlyShortMessages_makeOneExchange() {
        List<TranscriptIndexer.Exchange> e = TranscriptIndexer.exchanges(Transcript.of("s", List.of(said("a", "Hi"), said("b", "Yo!"))));
        assertEquals(List.of(List.of(0, 1)), e.stream().map(TranscriptIndexer.Exchange::messages).toList());
    }

    /** Every message is in exactly one exchange, and exchanges keep the order of the transcript. */
    @Property(tries = 200)
    void everyMessageIsInExactlyOneExchange_inOrder(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> kinds) {
        String[] texts = {"Hi", "Haha, love it", "Did you get a new job in the end?", "I painted the old lighthouse yesterday",
            "Where are you going on holiday this year?", "ok?"};
        List<Message> ms = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            ms.add(said(i % 3 == 0 ? "a" : "b", texts[kinds.get(i)]));
        }
        List<Integer> seen = new ArrayList<>();
        TranscriptIndexer.exchanges(Transcript.of("s", ms)).forEach(x -> seen.addAll(x.messages()));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            all.add(i);
        }
        assertEquals(all, seen);
    }
}
