package io.lumosdb;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow-query log: every statement that took longer than the threshold
 * ({@link LumosDBBuilder#slowQueryThreshold}) is logged at WARN on the logger {@code io.lumosdb.slowquery}
 * with its route, the class of the route's reason, its time and rows, and its text with every literal
 * replaced by {@code ?}; parameters are never logged, only counted. So a log can be shipped where the
 * data may not go. A {@link LumosDBBuilder#slowQueryListener listener}, if given, is told of the same
 * statements as {@link SlowQuery} values (whether or not the logger is on).
 *
 * <pre>{@code
 * slow query: 1250 ms, route OLAP (analytics), 3 rows, 1 parameter: SELECT customer, sum(amount) FROM orders WHERE ts > ? GROUP BY customer
 * }</pre>
 */
final class SlowQueryLog implements Telemetry {
    static final Logger LOG = LoggerFactory.getLogger("io.lumosdb.slowquery");
    /** The longest statement text logged; longer ones are cut, saying how long they were. */
    static final int MAX_LOGGED_CHARS = 2_000;

    private final long thresholdNanos;
    private final Consumer<SlowQuery> listener;

    /** {@code listener} may be null. */
    SlowQueryLog(Duration threshold, Consumer<SlowQuery> listener) {
        this.thresholdNanos = threshold.toNanos();
        this.listener = listener;
    }

    @Override
    public void queried(QueryResult result, String sql, Object[] args) {
        long nanos = result.elapsedNanos();
        if (nanos >= thresholdNanos && LOG.isWarnEnabled()) {
            LOG.atWarn().addKeyValue("route", result.route().name()).addKeyValue("reason", RouteReasons.classOf(result.decision().reason()))
                    .addKeyValue("durationMs", nanos / 1_000_000).addKeyValue("rows", result.size())
                    .log("slow query: {} ms, route {} ({}), {} rows, {}: {}", nanos / 1_000_000, result.route(),
                            RouteReasons.classOf(result.decision().reason()), result.size(), parameters(args), redact(sql));
        }
        if (nanos >= thresholdNanos && listener != null) {
            tell(new SlowQuery(Instant.now(), "query", result.route().name(),
                    RouteReasons.classOf(result.decision().reason()), nanos / 1_000_000, result.size(), redact(sql)));
        }
    }

    @Override
    public void failed(String operation, Route route, String sql, SQLException failure, long nanos) {
        if (nanos >= thresholdNanos && LOG.isWarnEnabled()) {
            LOG.atWarn().addKeyValue("route", route == null ? "none" : route.name()).addKeyValue("durationMs", nanos / 1_000_000)
                    .log("slow {} failed after {} ms, SQLState {}: {}", operation, nanos / 1_000_000, failure.getSQLState(), redact(sql));
        }
        if (nanos >= thresholdNanos && listener != null) {
            tell(new SlowQuery(Instant.now(), "failed", route == null ? "none" : route.name(),
                    String.valueOf(failure.getSQLState()), nanos / 1_000_000, -1, redact(sql)));
        }
    }

    @Override
    public void wrote(String kind, String sql, long nanos) {
        if (nanos >= thresholdNanos && LOG.isWarnEnabled()) {
            LOG.atWarn().addKeyValue("route", "OLTP").addKeyValue("durationMs", nanos / 1_000_000)
                    .log("slow write ({}): {} ms: {}", kind, nanos / 1_000_000, redact(sql));
        }
        if (nanos >= thresholdNanos && listener != null) {
            tell(new SlowQuery(Instant.now(), "write", "OLTP", kind, nanos / 1_000_000, -1, redact(sql)));
        }
    }

    private void tell(SlowQuery slow) {
        try {
            listener.accept(slow);
        } catch (RuntimeException e) {
            LOG.warn("the slow-query listener failed; ignored", e);
        }
    }

    private static String parameters(Object[] args) {
        int n = args == null ? 1 : args.length; // null is one NULL argument
        return n == 1 ? "1 parameter" : n + " parameters";
    }

    /**
     * {@code sql} with every literal replaced by {@code ?}: quoted strings ({@code 'it''s'}), blobs
     * ({@code X'00ff'}), numbers ({@code 42}, {@code 1.5e3}, {@code 0x1F}); identifiers (also quoted with
     * {@code "}, {@code `} or {@code []}), keywords, comments' contents dropped, and parameter markers kept.
     */
    static String redact(String sql) {
        StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LOGGED_CHARS) + 16);
        int n = sql.length();
        int i = 0;
        while (i < n && out.length() < MAX_LOGGED_CHARS) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.append('?');
            } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'' && !identifierBefore(sql, i)) {
                i = skipQuoted(sql, i + 1, '\'');
                out.append('?');
            } else if (c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '[') {
                int end = sql.indexOf(']', i);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.append("--");
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                out.append(sql, i, Math.min(n, i + 3)); // keeps "/*+" of a routing hint recognizable
                i = end < 0 ? n : end + 2;
                out.append(" */");
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
                if (identifierBefore(sql, i)) {
                    out.append(c); // a digit inside a name: t1
                    i++;
                } else {
                    i = skipNumber(sql, i);
                    out.append('?');
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (i < n) {
            out.append(String.format(Locale.ROOT, "... (%,d characters in all)", n));
        }
        return out.toString();
    }

    private static boolean identifierBefore(String sql, int i) {
        if (i == 0) {
            return false;
        }
        char p = sql.charAt(i - 1);
        return Character.isLetterOrDigit(p) || p == '_' || p == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote inside
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int skipNumber(String sql, int i) {
        int n = sql.length();
        if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n) {
            char c = sql.charAt(i);
            if (isDigit(c) || c == '.' || c == '_') {
                i++;
            } else if ((c == 'e' || c == 'E') && i + 1 < n && (isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+')) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }
}
