package io.lumosdb.memory;

/**
 * How likely a recalled memory is to be what the query asks for: a logistic model of its semantic and keyword
 * relevance and of whether it has the query's names, {@code 1 / (1 + e^-(b0 + b1·s + b2·k + b3·n))}. Unlike the
 * score, it does not depend on the other candidates, so it can be compared across queries and against a
 * threshold: "nothing relevant" is every memory under 0.5. The coefficients were fitted (logistic regression) on
 * the best memory of each question of the tuning split of the long-conversation set in lumos-bench, labelled by
 * whether it answers the question, adversarial questions included ({@code LongConversationRecallRunner --tune});
 * see docs/agent-memory.md. In the fit, meaning carries the confidence: keywords and names hardly tell an answer
 * from the best of nothing (a question about Priya's horse still finds Priya's lines).
 */
final class RecallConfidence {
    static final double BIAS = -2.10;
    static final double SEMANTIC = 6.47;
    static final double KEYWORD = -0.40;
    static final double NAMES = -0.17;

    private RecallConfidence() {}

    /** @param questionNames whether the query names anyone; when not, the name part counts as matched */
    static double of(double semantic, double keyword, double names, boolean questionNames) {
        double z = BIAS + SEMANTIC * semantic + KEYWORD * keyword + NAMES * (questionNames ? names : 1);
        return 1 / (1 + Math.exp(-z));
    }
}
