package io.lumosdb.memory;

import java.util.List;
import java.util.Objects;

/**
 * The messages of one session of a conversation, with who said each and when, to be remembered in one call
 * ({@link AgentMemory#rememberSession}); the memory decides what to index. Immutable.
 *
 * <pre>{@code
 * Transcript t = Transcript.of("s-7", List.of(
 *         new Message("Priya", "Did you end up getting a cat?", Instant.parse("2023-05-08T13:56:00Z"), Map.of()),
 *         new Message("Tomasz", "I did! We named him Luna", Instant.parse("2023-05-08T13:57:00Z"), Map.of()),
 *         new Message("Priya", "Aww, love it", Instant.parse("2023-05-08T13:58:00Z"), Map.of())))
 *     .user("tomasz");
 * TranscriptMemories m = memory.rememberSession(t);   // one memory: the question, the answer and the reaction
 * m.memoryOf(1);                                      // the id of the memory that holds message 1
 * }</pre>
 *
 * <p>A message's {@link Message#role() role} is its speaker (a name, or "user" and "assistant"); a message
 * without a time takes the time of the call.
 */
public final class Transcript {
    /** Messages in one transcript, at most. */
    public static final int MAX_MESSAGES = 10_000;

    private final String session;
    private final String user;
    private final String agent;
    private final List<Message> messages;

    private Transcript(String session, String user, String agent, List<Message> messages) {
        this.session = session;
        this.user = user;
        this.agent = agent;
        this.messages = messages;
    }

    /**
     * The messages of {@code session}, in the order they were said.
     *
     * @throws IllegalArgumentException for a blank or over-long session id, no messages, more than
     *     {@value #MAX_MESSAGES}, or a message with an empty text
     */
    public static Transcript of(String session, List<Message> messages) {
        List<Message> ms = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (ms.isEmpty() || ms.size() > MAX_MESSAGES) {
            throw new IllegalArgumentException("a transcript needs 1 to " + MAX_MESSAGES + " messages, had " + ms.size());
        }
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).text().isBlank()) {
                throw new IllegalArgumentException("message " + i + " of session " + session + " has an empty text");
            }
        }
        return new Transcript(Memory.scope("session", session), null, null, ms);
    }

    /** The user the conversation belongs to (the scope of its memories). */
    public Transcript user(String user) {
        return new Transcript(session, Memory.scope("user", user), agent, messages);
    }

    /** The agent that owns its memories. */
    public Transcript agent(String agent) {
        return new Transcript(session, user, Memory.scope("agent", agent), messages);
    }

    public String session() {
        return session;
    }

    public String user() {
        return user;
    }

    public String agent() {
        return agent;
    }

    public List<Message> messages() {
        return messages;
    }

    @Override
    public String toString() {
        return "Transcript[" + session + ", " + messages.size() + " messages, user=" + user + ", agent=" + agent + "]";
    }
}
