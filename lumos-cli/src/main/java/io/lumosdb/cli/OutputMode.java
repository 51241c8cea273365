package io.lumosdb.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How results are printed ({@code .mode X} in the shell, {@code --format X} in {@code lumos sql}), the modes of
 * sqlite3 and the DuckDB shell: aligned {@code table}, {@code box} (Unicode lines), {@code markdown}, {@code csv}
 * (RFC 4180), {@code tabs}, {@code json} (an array of objects), {@code jsonl} (an object per line), {@code line}
 * ({@code column = value}, a blank line between rows), {@code list} (values joined by {@code |}), {@code html}
 * (table rows) and {@code insert} (SQL INSERT statements, into the table named after the mode).
 */
enum OutputMode {
    TABLE, BOX, MARKDOWN, CSV, TABS, JSON, JSONL, LINE, LIST, HTML, INSERT;

    /** Whether the mode is for people: numbers readable, the route and time after the result. */
    boolean forPeople() {
        return this == TABLE || this == BOX || this == MARKDOWN || this == LINE || this == LIST;
    }

    static OutputMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown output mode '" + s + "': use " + names(), e);
        }
    }

    static String names() {
        return Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
