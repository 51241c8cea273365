package io.lumosdb.memory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a conversation log ({@link MessageLog}).
 *
 * <pre>{@code
 * memory.messages("s-42").append(Message.user("Book me a table for two"), Message.assistant("Done: 19:30 at Nopa"));
 * }</pre>
 *
 * @param role who spoke: "user", "assistant", "system", "tool" or any name of the caller's
 * @param text what was said (up to {@value Memory#MAX_TEXT_CHARS} characters)
 * @param at when; null means "when appended"
 * @param metadata extra fields (strings, numbers, booleans, lists and maps of those)
 */
public record Message(String role, String text, Instant at, Map<String, Object> metadata) {
    public Message {
        if (role == null || role.isBlank() || role.length() > 64) {
            throw new IllegalArgumentException("a message role must be 1 to 64 characters, was " + role);
        }
        Objects.requireNonNull(text, "text");
        if (text.length() > Memory.MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a message is limited to " + Memory.MAX_TEXT_CHARS + " characters, was "
                    + text.length());
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Message user(String text) {
        return new Message("user", text, null, Map.of());
    }

    public static Message assistant(String text) {
        return new Message("assistant", text, null, Map.of());
    }

    public static Message system(String text) {
        return new Message("system", text, null, Map.of());
    }
}
