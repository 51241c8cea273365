package io.lumosdb.route;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads that only DuckDB can run, so the router sends them to the replica whatever the tables: statements
 * that start with {@code DESCRIBE}, {@code SUMMARIZE}, {@code SHOW} or {@code FROM} (SQLite has none of these),
 * and reads that call DuckDB's file readers ({@code read_csv(...)}, {@code read_parquet(...)}, ...). Reading a
 * file needs a file-access grant for its directory (docs/security.md); without one DuckDB refuses with its
 * "Permission Error", and that error is the caller's, not a reason to try SQLite.
 */
final class DuckOnlySyntax {
    static final Set<String> KEYWORDS = Set.of("DESCRIBE", "SUMMARIZE", "SHOW", "FROM");
    private static final Pattern FILE_READER = Pattern.compile(
            "\\b(read_csv|read_csv_auto|read_parquet|parquet_scan|read_json|read_json_auto|read_ndjson|read_ndjson_auto)\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    private DuckOnlySyntax() {}

    /** Why only DuckDB runs {@code sql} (the reason of its route), or empty when SQLite may. */
    static Optional<String> why(String sql, String firstKeyword) {
        if (KEYWORDS.contains(firstKeyword)) {
            return Optional.of(firstKeyword + " is DuckDB syntax: the replica runs it");
        }
        String code = SqlText.withoutLiterals(sql); // literals lifted out: a 'read_csv(' in a string does not count
        Matcher m = FILE_READER.matcher(code != null ? code : sql);
        if (m.find()) {
            return Optional.of("reads a file with " + m.group(1).toLowerCase(Locale.ROOT) + "(), which only DuckDB has"
                    + " (it needs a file-access grant, docs/security.md)");
        }
        return Optional.empty();
    }
}
