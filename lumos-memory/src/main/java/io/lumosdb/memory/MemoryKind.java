package io.lumosdb.memory;

/**
 * What a memory is; recall can be limited to some kinds ({@link Recall#kinds}).
 *
 * <pre>{@code
 * memory.remember(Memory.text("Prefers answers in German").user("alice").kind(MemoryKind.PREFERENCE));
 * }</pre>
 */
public enum MemoryKind {
    /** Something true about the world or the user ("Alice lives in Berlin"); the default. */
    FACT,
    /** Something that happened at a time ("Alice flew to Lisbon on 3 May"). */
    EVENT,
    /** A like, dislike or way of working ("prefers short answers"). */
    PREFERENCE,
    /** A standing order to the agent ("always cc Bob on invoices"). */
    INSTRUCTION,
    /** A digest of a conversation or of other memories. */
    SUMMARY
}
