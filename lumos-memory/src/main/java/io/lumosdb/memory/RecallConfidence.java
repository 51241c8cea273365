package io.lumosdb.memory;

/**
 * How likely a recalled memory is to be what the query asks for: a logistic model of its semantic and keyword
 * relevance and of whether it has the query's names, {@code 1 / (1 + e^-(b0 + b1·s + b2·k + b3·n))}. Unlike the
 * score, it does not depend on the other candidates, so it can be compared across queries and against a
 * threshold: "nothing relevant" is every memory under 0.5. The coefficients were fitted on the tuning split of
 * the long-conversation set in lumos-bench ({@code LongConversationRecallRunner --tune}); see
 * docs/agent-memory.md.
 */
final class RecallConfidence {
    static final double BIAS = -8.0;
    static final double SEMANTIC = 12.0;
    static final double KEYWORD = 3.0;
    static final double NAMES = 2.0;

    private RecallConfidence() {}

    /** @param questionNames whether the query names anyone; when not, the name part counts as matched */
    static double of(double semantic, double keyword, double names, boolean questionNames) {
        double z = BIAS + SEMANTIC * semantic + KEYWORD * keyword + NAMES * (questionNames ? names : 1);
        return 1 / (1 + Math.exp(-z));
    }
}
