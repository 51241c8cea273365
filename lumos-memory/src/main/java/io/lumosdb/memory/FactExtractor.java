package io.lumosdb.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facts from a session, by a chat model, the way mem0 does it (Chhikara et al., "Mem0: Building
 * Production-Ready AI Agents with Scalable Long-Term Memory", 2025): the model lists the facts the session
 * states; each is recalled against the facts already extracted in the same scope, and the model decides for each
 * ADD (a new fact), UPDATE (supersedes an old one, which is kept as history), DELETE (an old fact the session
 * contradicts: forgotten) or NONE. The model sees the old facts by number, never by id, so it cannot name a memory
 * that was not shown to it. Extracted facts are memories of kind {@link MemoryKind#FACT} with metadata field
 * {@code extracted_from} = the session.
 *
 * <p>The model is the user's code: an exception or an answer that is not the JSON asked for is logged and the
 * extraction skipped; the session's exchanges are remembered either way.
 */
final class FactExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(FactExtractor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SOURCE = "extracted_from";
    /** Old facts shown to the model per new fact. */
    static final int RELATED = 5;

    static final String EXTRACT = """
            You extract facts worth remembering about the people in a conversation: personal details, preferences,
            plans, events with their dates, relationships. One short sentence per fact, naming the person; resolve
            relative dates ("yesterday") against the message times. Reply with JSON only: {"facts": ["...", "..."]}.
            Conversation:
            """;
    static final String DECIDE = """
            You keep a memory of facts. For each new fact, decide against the old facts (numbered): ADD it if it is new,
            UPDATE an old fact it changes (give the old fact's number and the new text), DELETE an old fact it
            contradicts and makes void (give its number), or NONE if it is already known. Reply with JSON only:
            {"memory": [{"event": "ADD", "text": "..."}, {"event": "UPDATE", "id": 0, "text": "..."},
            {"event": "DELETE", "id": 1}, {"event": "NONE"}]}
            """;

    private final ChatModel model;

    FactExtractor(ChatModel model) {
        this.model = model;
    }

    /** Extracts the facts of {@code t} and applies the model's decisions to {@code memory}; returns how many changes. */
    int extract(AgentMemory memory, Transcript t) {
        try {
            StringBuilder conversation = new StringBuilder();
            for (Message m : t.messages()) {
                conversation.append(m.at() != null ? "[" + m.at() + "] " : "").append(m.role()).append(": ").append(m.text()).append('\n');
            }
            JsonNode facts = ask(EXTRACT + conversation).path("facts");
            if (!facts.isArray() || facts.isEmpty()) {
                return 0;
            }
            List<Recalled> old = new ArrayList<>();
            Map<String, Integer> number = new LinkedHashMap<>();
            StringBuilder prompt = new StringBuilder(DECIDE).append("Old facts:\n");
            List<String> news = new ArrayList<>();
            for (JsonNode f : facts) {
                if (!f.isTextual() || f.asText().isBlank()) {
                    continue;
                }
                news.add(f.asText().strip());
                Recall r = Recall.query(f.asText().strip()).k(RELATED).kinds(MemoryKind.FACT);
                r = t.user() != null ? r.user(t.user()) : r;
                r = t.agent() != null ? r.agent(t.agent()) : r;
                for (Recalled m : memory.recall(r, null)) { // as asked: no rewrite per fact
                    if (m.metadata().containsKey(SOURCE) && number.putIfAbsent(m.id(), old.size()) == null) {
                        prompt.append(old.size()).append(": ").append(m.text()).append('\n');
                        old.add(m);
                    }
                }
            }
            prompt.append("New facts:\n");
            news.forEach(f -> prompt.append("- ").append(f).append('\n'));
            int changes = 0;
            Instant at = lastTime(t);
            for (JsonNode d : ask(prompt.toString()).path("memory")) {
                changes += apply(memory, t, d, old, at) ? 1 : 0;
            }
            return changes;
        } catch (Exception e) { // the user's model: a failure must not undo the session
            LOG.warn("agent memory: fact extraction for session {} skipped: {}", t.session(), e.toString());
            return 0;
        }
    }

    private boolean apply(AgentMemory memory, Transcript t, JsonNode d, List<Recalled> old, Instant at) throws Exception {
        String event = d.path("event").asText("NONE");
        String text = d.path("text").asText("").strip();
        Recalled target = d.path("id").canConvertToInt() && d.path("id").asInt() >= 0 && d.path("id").asInt() < old.size()
                ? old.get(d.path("id").asInt()) : null;
        switch (event) {
            case "ADD" -> {
                if (text.isEmpty()) {
                    return false;
                }
                Memory m = Memory.text(text).kind(MemoryKind.FACT).session(t.session()).metadata(SOURCE, t.session());
                m = t.user() != null ? m.user(t.user()) : m;
                m = t.agent() != null ? m.agent(t.agent()) : m;
                memory.remember(at != null ? m.at(at) : m);
                return true;
            }
            case "UPDATE" -> {
                if (target == null || text.isEmpty() || !memory.get(target.id()).map(Recalled::current).orElse(false)) {
                    return false;
                }
                Memory m = Memory.text(text).kind(MemoryKind.FACT).metadata(SOURCE, t.session());
                memory.supersede(target.id(), at != null ? m.at(at) : m);
                return true;
            }
            case "DELETE" -> {
                return target != null && memory.forget(target.id());
            }
            default -> {
                return false;
            }
        }
    }

    private JsonNode ask(String prompt) throws Exception {
        String answer = model.chat(prompt);
        int from = answer == null ? -1 : answer.indexOf('{');
        int to = answer == null ? -1 : answer.lastIndexOf('}');
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the chat model did not answer with JSON: " + abbreviate(answer));
        }
        return JSON.readTree(answer.substring(from, to + 1));
    }

    private static Instant lastTime(Transcript t) {
        Instant last = null;
        for (Message m : t.messages()) {
            last = m.at() != null && (last == null || m.at().isAfter(last)) ? m.at() : last;
        }
        return last;
    }

    static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
