package io.lumosdb.cli;

import java.util.Locale;

/** How results are printed: aligned table, CSV (RFC 4180) or JSON (an array of objects). */
enum OutputMode {
    TABLE, CSV, JSON;

    static OutputMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown output mode '" + s + "': use table, csv or json", e);
        }
    }
}
