package io.lumosdb.memory;

import java.util.HashSet;
import java.util.Set;

/**
 * When two memories of one scope say the same thing: embeddings at least as similar as the threshold,
 * and the same names and numbers. The second test keeps "moved to Berlin in 2023" and "moved to Munich
 * in 2024" apart however close a small model puts them: a change of fact is a supersession, not a
 * duplicate.
 */
final class NearDuplicates {
    private NearDuplicates() {}

    static boolean same(double similarity, double threshold, String a, String b) {
        return similarity >= threshold && salient(a).equals(salient(b));
    }

    /** Numbers and capitalized words (names, places, months) as written, but not "She" or "The". */
    static Set<String> salient(String text) {
        Set<String> out = new HashSet<>();
        for (String word : text.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && (Character.isUpperCase(word.codePointAt(0)) || Character.isDigit(word.codePointAt(0)))
                    && !KeywordQuery.isStopWord(word)) {
                out.add(word);
            }
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
