package io.lumosdb.jdbc;

import io.lumosdb.Freshness;
import io.lumosdb.LumosDBBuilder;
import io.lumosdb.Route;
import io.lumosdb.cache.CacheSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A parsed {@code jdbc:lumos:} URL: the database directory and the builder's settings, from the URL's query
 * ({@code ?freshness=any&largeTableRows=50000}) and from the connection properties (the URL wins).
 *
 * <p>Each setting names a {@link LumosDBBuilder} method. Durations are ISO-8601 ({@code PT5S}) or a number with a
 * unit ({@code 500ms}, {@code 5s}, {@code 2m}). An unknown setting or a value that does not parse is an
 * {@link SQLNonTransientConnectionException} naming it: a typo never goes unnoticed. {@code user} and
 * {@code password}, which pools and tools pass to every driver, are accepted and ignored (an embedded database has
 * no accounts).
 */
final class JdbcUrl {
    static final String PREFIX = "jdbc:lumos:";

    /** The settings a URL may carry, with what each takes. */
    static final Map<String, String> SETTINGS = settingDescriptions();

    private static final List<String> IGNORED = List.of("user", "password");

    private final Path directory;
    private final Map<String, String> settings;

    private JdbcUrl(Path directory, Map<String, String> settings) {
        this.directory = directory;
        this.settings = settings;
    }

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * @throws SQLNonTransientConnectionException if the URL names no directory or carries an unknown or malformed setting
     */
    static JdbcUrl parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw new SQLNonTransientConnectionException("not a Lumos-DB URL: '" + url + "'; it starts with " + PREFIX
                    + " and names a directory, e.g. jdbc:lumos:/var/data/app?freshness=any", "08001");
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String location = query < 0 ? rest : rest.substring(0, query);
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.isBlank()) {
            throw new SQLNonTransientConnectionException("the URL '" + url + "' names no database directory; write "
                    + PREFIX + "/path/to/dir", "08001");
        }
        Path dir;
        try {
            dir = Path.of(location).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SQLNonTransientConnectionException("the URL '" + url + "' names no valid directory: " + e.getMessage(), "08001", e);
        }
        Map<String, String> chosen = new TreeMap<>();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                put(chosen, name, info.getProperty(name), url);
            }
        }
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(chosen, name, value, url);
            }
        }
        JdbcUrl parsed = new JdbcUrl(dir, java.util.Collections.unmodifiableMap(chosen));
        parsed.configure(io.lumosdb.LumosDB.builder()); // checks every value now, before any database is opened
        return parsed;
    }

    private static void put(Map<String, String> chosen, String name, String value, String url) throws SQLException {
        if (IGNORED.contains(name)) {
            return;
        }
        if (!SETTINGS.containsKey(name)) {
            throw new SQLNonTransientConnectionException("unknown Lumos-DB setting '" + name + "' in " + url
                    + "; the settings are " + SETTINGS.keySet(), "08001");
        }
        chosen.put(name, value.trim());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    Path directory() {
        return directory;
    }

    Map<String, String> settings() {
        return settings;
    }

    /**
     * Applies the settings to {@code builder} (its directory too).
     *
     * @throws SQLNonTransientConnectionException naming the setting whose value is refused
     */
    LumosDBBuilder configure(LumosDBBuilder builder) throws SQLException {
        builder.directory(directory);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            try {
                apply(builder, name, value);
            } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException ex) {
                throw new SQLNonTransientConnectionException("Lumos-DB setting " + name + "=" + value + " is refused: "
                        + ex.getMessage() + " (" + name + " takes " + SETTINGS.get(name) + ")", "08001", ex);
            }
        }
        return builder;
    }

    private static void apply(LumosDBBuilder b, String name, String value) {
        switch (name) {
            case "freshness" -> b.freshness(freshness(value));
            case "freshnessTimeout" -> b.freshnessTimeout(duration(value));
            case "largeTableRows" -> b.largeTableRows(Long.parseLong(value));
            case "readerPoolSize" -> b.readerPoolSize(Integer.parseInt(value));
            case "duckdbReaders" -> b.duckdbReaders(Integer.parseInt(value));
            case "maxResultRows" -> b.maxResultRows(Integer.parseInt(value));
            case "statementCacheSize" -> b.statementCacheSize(Integer.parseInt(value));
            case "writeTimeout" -> b.writeTimeout(duration(value));
            case "busyTimeout" -> b.busyTimeout(duration(value));
            case "readerTimeout" -> b.readerTimeout(duration(value));
            case "flushReplicaCommits" -> {
                if (bool(value)) {
                    b.flushReplicaCommits();
                }
            }
            case "cache" -> {
                if (!bool(value)) {
                    b.cache(CacheSettings.disabled());
                }
            }
            case "cacheRoutes" -> b.cacheRoutes(routes(value));
            case "allowFileAccess" -> b.allowFileAccess(paths(value));
            default -> throw new IllegalArgumentException("unknown setting " + name); // parse() let only known names in
        }
    }

    /** {@code strict}, {@code any}, or a staleness bound as a duration. */
    static Freshness freshness(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("strict")) {
            return Freshness.STRICT;
        }
        if (v.equals("any")) {
            return Freshness.ANY;
        }
        return Freshness.boundedStaleness(duration(value));
    }

    /** ISO-8601 ({@code PT5S}) or a number with a unit: {@code ms}, {@code s}, {@code m}, {@code h}. */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt") || v.startsWith("p")) {
            return Duration.parse(value.trim());
        }
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
        for (String[] unit : units) {
            if (v.endsWith(unit[0]) && !(unit[0].equals("s") && v.endsWith("ms"))) {
                String number = v.substring(0, v.length() - unit[0].length()).trim();
                try {
                    return Duration.ofMillis(Math.multiplyExact(Long.parseLong(number), Long.parseLong(unit[1])));
                } catch (NumberFormatException | ArithmeticException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 500ms, 5s, 2m or PT5S");
    }

    private static boolean bool(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("on") || v.equals("yes") || v.isEmpty()) {
            return true;
        }
        if (v.equals("false") || v.equals("off") || v.equals("no")) {
            return false;
        }
        throw new IllegalArgumentException("'" + value + "' is not true or false");
    }

    private static Route[] routes(String value) {
        List<Route> routes = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                routes.add(Route.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return routes.toArray(Route[]::new);
    }

    private static Path[] paths(String value) {
        List<Path> paths = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                paths.add(Path.of(part.trim()));
            }
        }
        return paths.toArray(Path[]::new);
    }

    static DriverPropertyInfo[] propertyInfo(Properties info) {
        List<DriverPropertyInfo> out = new ArrayList<>();
        for (Map.Entry<String, String> e : SETTINGS.entrySet()) {
            DriverPropertyInfo p = new DriverPropertyInfo(e.getKey(), info == null ? null : info.getProperty(e.getKey()));
            p.description = e.getValue();
            p.required = false;
            out.add(p);
        }
        return out.toArray(DriverPropertyInfo[]::new);
    }

    private static Map<String, String> settingDescriptions() {
        Map<String, String> m = new TreeMap<>();
        m.put("freshness", "strict, any, or a staleness bound such as 2s (LumosDBBuilder.freshness)");
        m.put("freshnessTimeout", "a duration such as 30s (LumosDBBuilder.freshnessTimeout)");
        m.put("largeTableRows", "a positive row count (LumosDBBuilder.largeTableRows)");
        m.put("readerPoolSize", "a positive number of SQLite readers (LumosDBBuilder.readerPoolSize)");
        m.put("duckdbReaders", "a positive number of DuckDB connections (LumosDBBuilder.duckdbReaders)");
        m.put("maxResultRows", "a positive row count (LumosDBBuilder.maxResultRows)");
        m.put("statementCacheSize", "a positive number of statements (LumosDBBuilder.statementCacheSize)");
        m.put("writeTimeout", "a duration such as 30s (LumosDBBuilder.writeTimeout)");
        m.put("busyTimeout", "a duration such as 5s (LumosDBBuilder.busyTimeout)");
        m.put("readerTimeout", "a duration such as 30s (LumosDBBuilder.readerTimeout)");
        m.put("flushReplicaCommits", "true or false (LumosDBBuilder.flushReplicaCommits)");
        m.put("cache", "true or false; false turns the caches off (LumosDBBuilder.cache)");
        m.put("cacheRoutes", "OLTP, OLAP, or both separated by a comma (LumosDBBuilder.cacheRoutes)");
        m.put("allowFileAccess", "directories separated by a comma (LumosDBBuilder.allowFileAccess)");
        return java.util.Collections.unmodifiableMap(m);
    }
}
