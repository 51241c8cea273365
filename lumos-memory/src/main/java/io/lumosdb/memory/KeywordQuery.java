package io.lumosdb.memory;

import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The words of a recall query worth searching by keyword: question words and other English stop words
 * are dropped ("Where does Alice live?" searches "Alice live"), since under OR-ed BM25 they only add
 * noise. If nothing is left, every word is kept.
 */
final class KeywordQuery {
    private static final Set<String> STOP = Set.copyOf(java.util.List.of("a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "had", "has",
            "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
            "me", "mine", "my", "no", "not", "now", "of", "on", "or", "our", "ours", "she", "should", "so", "some", "than", "that",
            "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very", "was", "we",
            "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
            "yours", "tell", "remind", "remember", "know", "anything", "something", "ever", "currently", "said", "say", "s", "t",
            "d", "ll", "ve", "re", "m", "many", "much", "lot", "lots", "get", "got", "go", "going", "one", "thing", "things", "like",
            "want", "need", "please", "should", "shall", "may", "might", "must", "also", "still", "yet", "ago", "again"));

    private KeywordQuery() {}

    static boolean isStopWord(String word) {
        return STOP.contains(word.toLowerCase(Locale.ROOT));
    }

    /** The content words of {@code query}, space-separated (the vector module quotes and ORs them). */
    static String of(String query) {
        StringJoiner kept = new StringJoiner(" ");
        for (String word : query.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !isStopWord(word)) {
                kept.add(word);
            }
        }
        return kept.length() == 0 ? query : kept.toString();
    }
}
