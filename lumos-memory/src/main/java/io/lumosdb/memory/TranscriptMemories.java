package io.lumosdb.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link AgentMemory#rememberSession} made of a transcript: for each message, the id of the memory that
 * holds it, and for each memory the messages it holds (in order). Several messages share a memory when they
 * belong together: a question and its answer, a short reaction and what it reacts to.
 *
 * <pre>{@code
 * TranscriptMemories m = memory.rememberSession(transcript);
 * String id = m.memoryOf(3);           // the memory holding message 3
 * List<Integer> said = m.messagesOf(id); // e.g. [2, 3, 4]: question, answer, reaction
 * }</pre>
 */
public final class TranscriptMemories {
    private final List<String> ids;
    private final Map<String, List<Integer>> messages = new LinkedHashMap<>();

    TranscriptMemories(List<String> ids) {
        this.ids = List.copyOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            messages.computeIfAbsent(ids.get(i), x -> new ArrayList<>()).add(i);
        }
        messages.replaceAll((id, l) -> List.copyOf(l));
    }

    /** One id per message of the transcript, in order (repeated for messages that share a memory). */
    public List<String> ids() {
        return ids;
    }

    /**
     * The id of the memory holding message {@code index}.
     *
     * @throws IndexOutOfBoundsException if the transcript had no such message
     */
    public String memoryOf(int index) {
        return ids.get(index);
    }

    /** The indexes of the messages memory {@code id} holds, in order; empty if it is not one of this transcript's. */
    public List<Integer> messagesOf(String id) {
        return messages.getOrDefault(id, List.of());
    }

    /** The distinct memory ids, in the order of their first message. */
    public List<String> memoryIds() {
        return List.copyOf(messages.keySet());
    }

    @Override
    public String toString() {
        return "TranscriptMemories[" + ids.size() + " messages in " + messages.size() + " memories]";
    }
}
