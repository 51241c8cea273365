package io.lumosdb.route;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What no statement through the facade may do, whatever its route: touch Lumos-DB's own objects,
 * change a setting of a connection the facade shares between calls, or reach a file of the host.
 * Decided once per SQL text, by the lexer (quoted names included; string literals excluded).
 *
 * <ul>
 *   <li><b>Internal objects.</b> Names starting with {@code _lumos_} are reserved: the change log, the
 *       capture triggers, the vector tables. Dropping a capture trigger would leave the replica stale for
 *       good while the status said caught up; writing the log would corrupt it. A write or DDL naming one
 *       is refused; reading one is allowed.
 *   <li><b>PRAGMAs.</b> Reads of settings and of the catalog ({@code PRAGMA table_info(t)},
 *       {@code PRAGMA user_version}) run on a reader and return their rows. Writes that change the file
 *       but not how it is written ({@code user_version}, {@code application_id}, {@code optimize},
 *       {@code incremental_vacuum}, {@code wal_checkpoint}) and tuning of the writer's memory and limits
 *       ({@code cache_size}, {@code max_page_count}, ...) are allowed through {@code update()}.
 *       Every other assignment is refused with the reason: those that weaken durability
 *       ({@code synchronous}, {@code journal_mode}, ...), and those that change how the shared writer
 *       or readers behave ({@code case_sensitive_like}, {@code foreign_keys}, {@code writable_schema}, ...).
 *   <li><b>Files.</b> {@code ATTACH}, {@code DETACH} and {@code VACUUM INTO} would read or write files
 *       anywhere on the host; they are refused. So is {@code VACUUM}: it may renumber the rowids the
 *       replica tracks rows by.
 * </ul>
 */
final class StatementPolicy {
    static final String RESERVED_PREFIX = "_lumos_";

    /** Pragmas that only read, without an argument. */
    private static final Set<String> READ_PRAGMAS = Set.of("application_id", "auto_vacuum", "busy_timeout", "cache_size",
            "collation_list", "compile_options", "data_version", "database_list", "encoding", "foreign_key_check", "foreign_keys",
            "freelist_count", "function_list", "integrity_check", "journal_mode", "module_list", "page_count", "page_size",
            "pragma_list", "quick_check", "schema_version", "synchronous", "table_list", "user_version", "max_page_count",
            "journal_size_limit", "wal_autocheckpoint", "temp_store", "mmap_size", "locking_mode", "secure_delete");
    /** Pragmas that only read, with an argument that names an object (or limits a check). */
    private static final Set<String> READ_PRAGMAS_WITH_ARGUMENT = Set.of("table_info", "table_xinfo", "index_info", "index_list",
            "index_xinfo", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "table_list");
    /**
     * Pragma writes allowed through update(): those that change the file but not how it is written
     * ({@code user_version}, {@code optimize}, ...), and tuning of the writer's memory and limits, which
     * changes no answer and no guarantee.
     */
    private static final Set<String> WRITABLE_PRAGMAS = Set.of("user_version", "application_id", "optimize",
            "incremental_vacuum", "wal_checkpoint", "cache_size", "max_page_count", "mmap_size", "temp_store",
            "journal_size_limit", "soft_heap_limit", "hard_heap_limit", "threads", "analysis_limit", "busy_timeout");
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("synchronous", "it would weaken durability: Lumos-DB commits with synchronous=NORMAL in WAL mode"),
            Map.entry("journal_mode", "it would weaken durability or break the readers: Lumos-DB needs WAL"),
            Map.entry("locking_mode", "an exclusive lock would shut out Lumos-DB's own readers and replica"),
            Map.entry("fullfsync", "it changes how the shared writer flushes"),
            Map.entry("writable_schema", "it lets a statement rewrite the catalog and corrupt the file"),
            Map.entry("foreign_keys", "the shared writer enforces foreign keys for every caller"),
            Map.entry("case_sensitive_like", "LIKE must mean the same on both engines (docs/sql-dialect.md)"),
            Map.entry("query_only", "it would stop the shared writer"),
            Map.entry("recursive_triggers", "it changes what the capture triggers see"));

    private StatementPolicy() {}

    /** A PRAGMA statement's name and whether it assigns or passes an argument. */
    record Pragma(String name, boolean argument) {
        /** Whether it only reads, so that {@code query()} may run it on a reader. */
        boolean read() {
            return argument ? READ_PRAGMAS_WITH_ARGUMENT.contains(name) : READ_PRAGMAS.contains(name);
        }
    }

    /**
     * Why {@code sql} may not run through the facade at all, or empty. {@code keyword} is its first
     * keyword, {@code read} whether it is a read.
     */
    static Optional<String> refusal(String sql, String keyword, boolean read) {
        switch (keyword) {
            case "ATTACH", "DETACH" -> {
                return Optional.of(keyword + " would reach database files outside the directory; Lumos-DB serves one database");
            }
            case "VACUUM" -> {
                return Optional.of(hasWord(sql, "INTO") ? "VACUUM INTO writes a file outside the database directory"
                        : "VACUUM may renumber the rowids the replica tracks rows by (tables without an INTEGER PRIMARY KEY)");
            }
            case "PRAGMA" -> {
                return pragma(sql).map(StatementPolicy::pragmaRefusal)
                        .orElse(Optional.of("a PRAGMA of a form Lumos-DB cannot read (comments inside it?) is refused"));
            }
            default -> { }
        }
        if (!read) {
            Optional<String> internal = internalName(sql);
            if (internal.isPresent()) {
                return Optional.of("it names " + internal.get() + ": names starting with " + RESERVED_PREFIX
                        + " are Lumos-DB's own objects (change log, capture triggers, vector tables) and cannot be written or changed");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pragmaRefusal(Pragma p) {
        if (p.read() || WRITABLE_PRAGMAS.contains(p.name())) {
            return Optional.empty();
        }
        String why = REASONS.getOrDefault(p.name(), "it would change a setting of a connection the facade shares between calls");
        return Optional.of("PRAGMA " + p.name() + " is refused: " + why + " (docs/security.md)");
    }

    /**
     * The PRAGMA of {@code sql}: {@code PRAGMA [schema.]name [= value | (value)] [;]}; empty if it is not
     * one or has any other form (a refusal then errs on the safe side).
     */
    static Optional<Pragma> pragma(String sql) {
        int n = sql.length();
        int i = SqlText.afterFirstKeyword(sql);
        if (!SqlText.firstKeyword(sql).equals("PRAGMA")) {
            return Optional.empty();
        }
        String name = null;
        while (true) {
            i = skipSpace(sql, i);
            int start = i;
            if (i < n && (sql.charAt(i) == '"' || sql.charAt(i) == '`' || sql.charAt(i) == '[')) {
                i = SqlText.skipQuoted(sql, i) + 1;
                name = sql.substring(start + 1, Math.max(start + 1, Math.min(n, i) - 1));
            } else {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                name = sql.substring(start, i);
            }
            i = skipSpace(sql, i);
            if (i < n && sql.charAt(i) == '.' && !name.isEmpty()) {
                i++; // schema.name: the name follows
                continue;
            }
            break;
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        boolean argument = i < n && (sql.charAt(i) == '=' || sql.charAt(i) == '(');
        if (!argument && !sql.substring(i).replace(";", "").isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Pragma(name.toLowerCase(Locale.ROOT), argument));
    }

    /** The first identifier (bare or quoted, outside string literals) with the reserved prefix, if any. */
    static Optional<String> internalName(String sql) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = SqlText.skipQuoted(sql, i);
            } else if (c == '"' || c == '`' || c == '[') {
                int end = SqlText.skipQuoted(sql, i);
                String name = sql.substring(i + 1, Math.min(n, end)).replace(String.valueOf(c) + c, String.valueOf(c));
                if (reserved(name)) {
                    return Optional.of(name);
                }
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = SqlText.skipLineComment(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end);
                if (reserved(word)) {
                    return Optional.of(word);
                }
                i = end - 1;
            }
        }
        return Optional.empty();
    }

    private static boolean reserved(String name) {
        return name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    private static boolean hasWord(String sql, String word) {
        return sql.toUpperCase(Locale.ROOT).matches("(?s).*\\b" + word + "\\b.*");
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }
}
