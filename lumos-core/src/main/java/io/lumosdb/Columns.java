package io.lumosdb;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/** The column names of a result, shared by its rows, with lookup by name (exact first, then ignoring case). */
final class Columns {
    private final List<String> names;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> folded = new HashMap<>();
    private final long epoch;

    Columns(List<String> names) {
        this(names, 0);
    }

    /** Names valid while the schema epoch is {@code epoch}. */
    Columns(List<String> names, long epoch) {
        this.epoch = epoch;
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            exact.putIfAbsent(this.names.get(i), i);
            folded.putIfAbsent(this.names.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    long epoch() {
        return epoch;
    }

    List<String> names() {
        return names;
    }

    int indexOf(String name) {
        Integer i = exact.get(name);
        if (i == null) {
            i = folded.get(name.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            throw new NoSuchElementException("no column named '" + name + "' in the result; its columns are " + names);
        }
        return i;
    }
}
