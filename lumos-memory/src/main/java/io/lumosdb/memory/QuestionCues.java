package io.lumosdb.memory;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a recall query says beyond its words: the names in it (people, places: capitalized words past the first,
 * "Priya's" read as "Priya") and the time it refers to ({@link TimeExpressions}). Recall boosts memories said by
 * or naming those people, and memories of that time.
 */
record QuestionCues(Set<String> names, TimeExpressions.Window time) {
    private static final Set<String> NOT_NAMES = Set.of("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "i", "i'm", "i've", "i'd", "i'll");

    private static final java.util.regex.Pattern EDGES = java.util.regex.Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");
    private static final java.util.regex.Pattern POSSESSIVE = java.util.regex.Pattern.compile("['’]s$");
    private static final java.util.regex.Pattern SPACE = java.util.regex.Pattern.compile("\\s+");

    /** {@code token} without leading and trailing punctuation and a possessive "'s". */
    static String word(String token) {
        return POSSESSIVE.matcher(EDGES.matcher(token).replaceAll("")).replaceAll("");
    }

    static QuestionCues of(String query, long now) {
        return new QuestionCues(names(query, true), TimeExpressions.find(query, java.time.Instant.ofEpochMilli(now)));
    }

    /**
     * Capitalized words that are not stop words, months or days, lower-cased; the first word of {@code text}
     * (and of each line and sentence) only when {@code skipFirst} is false.
     */
    static Set<String> names(String text, boolean skipFirst) {
        Set<String> out = new LinkedHashSet<>();
        boolean first = true;
        for (String raw : SPACE.split(text)) {
            String w = word(raw);
            boolean sentenceStart = first;
            first = raw.endsWith(".") || raw.endsWith("!") || raw.endsWith("?") || raw.endsWith(":");
            if (w.isEmpty() || !Character.isUpperCase(w.codePointAt(0)) || skipFirst && sentenceStart) {
                continue;
            }
            String lower = w.toLowerCase(Locale.ROOT);
            if (!KeywordQuery.isStopWord(lower) && !NOT_NAMES.contains(lower)) {
                out.add(lower);
            }
        }
        return out;
    }

    /** The speaker of a line {@code "Name: text"}: one word before ": ", up to 64 characters; null otherwise. */
    static String lineSpeaker(String line) {
        int colon = line.indexOf(": ");
        return colon > 0 && colon <= 64 && line.lastIndexOf(' ', colon) < 0 ? line.substring(0, colon) : null;
    }

    /**
     * The share of the question's names that a memory names: its speaker, or a name in its text (line prefixes
     * "Other: " of other speakers excepted: the exchange is about what its own speaker said); 0 without names.
     */
    double nameMatch(String speaker, String text) {
        if (names.isEmpty()) {
            return 0;
        }
        Set<String> own = new LinkedHashSet<>();
        if (speaker != null) {
            own.add(speaker.toLowerCase(Locale.ROOT));
        }
        for (String line : text.split("\n")) {
            String who = lineSpeaker(line);
            if (who != null && (speaker == null || who.equalsIgnoreCase(speaker))) {
                own.add(who.toLowerCase(Locale.ROOT));
            }
            own.addAll(names(who != null ? line.substring(who.length() + 2) : line, false));
        }
        int found = 0;
        for (String n : names) {
            found += own.contains(n) ? 1 : 0;
        }
        return found / (double) names.size();
    }
}
