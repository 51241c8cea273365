package io.lumosdb.memory;

import dev.langchain4j.model.chat.ChatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A question rewritten by a chat model into a standalone search query before recall: pronouns resolved, the
 * words of the things asked about spelled out, names and dates kept. The model is the user's code: if it fails or
 * answers with nothing usable, the question is recalled as asked.
 */
final class QuestionRewriter {
    private static final Logger LOG = LoggerFactory.getLogger(QuestionRewriter.class);
    static final String PROMPT = """
            Rewrite the question below as a standalone search query over a memory of past conversations: keep every
            name and date, spell out what is asked about, add words a matching message would likely contain.
            Reply with the query only, on one line.
            Question:
            """;

    private final ChatModel model;

    QuestionRewriter(ChatModel model) {
        this.model = model;
    }

    String rewrite(String question) {
        try {
            String answer = model.chat(PROMPT + question);
            String line = answer == null ? "" : answer.strip().lines().findFirst().orElse("").strip();
            if (line.isEmpty() || line.length() > Memory.MAX_TEXT_CHARS) {
                return question;
            }
            // the question's own words stay: its names and time expressions drive the name and time parts of recall
            return line.equalsIgnoreCase(question) ? question : question + " " + line;
        } catch (RuntimeException e) {
            LOG.warn("agent memory: question not rewritten, recalled as asked: {}", e.toString());
            return question;
        }
    }
}
