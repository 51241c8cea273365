package io.lumosdb.memory.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Message;
import io.lumosdb.memory.MessageLog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A LangChain4j {@link ChatMemoryStore} on agent memory's conversation logs: each memory id is a session
 * ({@link MessageLog}), each message a row of {@code lumos_messages} with its role and text (for SQL) and
 * LangChain4j's own JSON of it (so tool calls and everything else come back exactly).
 *
 * <pre>{@code
 * ChatMemory chat = MessageWindowChatMemory.builder().id("s-42").maxMessages(20)
 *         .chatMemoryStore(new LumosChatMemoryStore(db)).build();
 * }</pre>
 *
 * <p>Storing messages needs no embedding model: give it the database ({@link #LumosChatMemoryStore(LumosDB)}),
 * not an {@link AgentMemory}. Database errors surface as {@link IllegalStateException} with the cause attached.
 */
public final class LumosChatMemoryStore implements ChatMemoryStore {
    static final String JSON = "langchain4j";

    /** A session's log; opening one may create the table. */
    @FunctionalInterface
    private interface Logs {
        MessageLog open(String session) throws SQLException;
    }

    private final Logs logs;

    /** The store on {@code db}'s conversation logs (table {@code lumos_messages}, created when first used). */
    public LumosChatMemoryStore(LumosDB db) {
        Objects.requireNonNull(db, "db");
        this.logs = session -> MessageLog.open(db, session);
    }

    /** The store on {@code memory}'s conversation logs (the same rows as {@code new LumosChatMemoryStore(db)}). */
    public LumosChatMemoryStore(AgentMemory memory) {
        Objects.requireNonNull(memory, "memory");
        this.logs = memory::messages;
    }

    private MessageLog log(Object memoryId) throws SQLException {
        return logs.open(String.valueOf(Objects.requireNonNull(memoryId, "memoryId")));
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        try {
            List<ChatMessage> out = new ArrayList<>();
            for (Message m : log(memoryId).all()) {
                Object json = m.metadata().get(JSON);
                out.add(json instanceof String s ? ChatMessageDeserializer.messageFromJson(s) : plain(m));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A message appended by other code (no LangChain4j JSON): by its role. */
    private static ChatMessage plain(Message m) {
        return switch (m.role()) {
            case "system" -> SystemMessage.from(m.text());
            case "assistant", "ai" -> AiMessage.from(m.text());
            default -> UserMessage.from(m.text());
        };
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        List<Message> rows = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            rows.add(new Message(m.type().name().toLowerCase(Locale.ROOT), text(m), null,
                    Map.of(JSON, ChatMessageSerializer.messageToJson(m))));
        }
        try {
            log(memoryId).replaceAll(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        try {
            log(memoryId).clear();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Readable text for SQL (cut to the log's limit; the JSON keeps all of it). */
    private static String text(ChatMessage m) {
        String t;
        if (m instanceof UserMessage u) {
            t = u.hasSingleText() ? u.singleText() : u.contents().toString();
        } else if (m instanceof AiMessage a) {
            t = a.text() != null ? a.text() : a.toolExecutionRequests().toString();
        } else if (m instanceof SystemMessage s) {
            t = s.text();
        } else if (m instanceof ToolExecutionResultMessage r) {
            t = r.text();
        } else {
            t = m.toString();
        }
        return t.length() > Memory.MAX_TEXT_CHARS ? t.substring(0, Memory.MAX_TEXT_CHARS) : t;
    }
}
