package io.lumosdb.memory;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A store shared by several users, with current, superseded, expired and still-valid expiring memories, and
 * the ids a recall in alice's scope may return. The expiry sweep is set to a day, so expired memories stay
 * stored (only the recall filter keeps them out).
 */
final class ScopedMemories implements AutoCloseable {
    final LumosDB db;
    final AgentMemory memory;
    /** Alice's memories that are current and unexpired: all a recall for user alice may return. */
    final Set<String> aliceCurrent = new HashSet<>();
    /** Alice's unexpired memories, superseded ones too: all a recall for alice with superseded ones may return. */
    final Set<String> aliceUnexpired = new HashSet<>();

    ScopedMemories(Path dir) throws SQLException {
        db = LumosDB.open(dir);
        memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).expiryCheckEvery(Duration.ofDays(1)).open();
        for (String user : new String[] {"alice", "bob", "mallory"}) {
            String name = Character.toUpperCase(user.charAt(0)) + user.substring(1);
            String lives = memory.remember(Memory.text(name + " lives in Lisbon near the river").user(user).importance(0.6));
            String moved = memory.supersede(lives, Memory.text(name + " moved to Berlin in 2024"));
            String tea = memory.remember(Memory.text(name + " likes green tea in the morning").user(user).agent("planner")
                    .session("s-" + user).metadata("source", "chat"));
            String meeting = memory.remember(Memory.text(name + " has a dentist appointment on Friday").user(user)
                    .kind(MemoryKind.EVENT).ttl(Duration.ofDays(7)));
            String code = memory.remember(Memory.text(name + "'s door code is 4711").user(user).ttl(Duration.ofNanos(1)));
            while (memory.get(code).isPresent()) {
                Thread.onSpinWait(); // expired within a millisecond: wait for the clock to pass it
            }
            if (user.equals("alice")) {
                aliceCurrent.addAll(Set.of(moved, tea, meeting));
                aliceUnexpired.addAll(Set.of(lives, moved, tea, meeting));
            }
        }
        memory.remember(Memory.text("The office is in Oslo, everyone lives near it")); // no scope at all
        memory.remember(Memory.text("Alice's sister lives in Porto").agent("planner")); // about alice, not hers
    }

    @Override
    public void close() throws SQLException {
        memory.close();
        db.close();
    }
}
