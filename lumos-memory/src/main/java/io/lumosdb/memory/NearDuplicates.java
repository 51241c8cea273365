package io.lumosdb.memory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** The fields of a memory remembered again: latest time, highest importance, latest expiry, metadata added. */
    static Map<String, Object> merged(Map<String, Object> old, Map<String, Object> again) {
        Map<String, Object> f = new LinkedHashMap<>(old);
        again.forEach((k, v) -> {
            if (!Memory.RESERVED_NAMES.contains(k)) {
                f.put(k, v);
            }
        });
        f.put(MemoryFields.AT, Math.max(MemoryFields.millis(old, MemoryFields.AT), MemoryFields.millis(again, MemoryFields.AT)));
        f.put(MemoryFields.IMPORTANCE, Math.max(((Number) old.get(MemoryFields.IMPORTANCE)).doubleValue(),
                ((Number) again.get(MemoryFields.IMPORTANCE)).doubleValue()));
        if (old.get(MemoryFields.EXPIRES) == null || again.get(MemoryFields.EXPIRES) == null) {
            f.remove(MemoryFields.EXPIRES);
        } else {
            f.put(MemoryFields.EXPIRES, Math.max(MemoryFields.millis(old, MemoryFields.EXPIRES), MemoryFields.millis(again, MemoryFields.EXPIRES)));
        }
        f.put(MemoryFields.SEEN, ((Number) old.getOrDefault(MemoryFields.SEEN, 1)).intValue() + 1);
        return f;
    }
}
