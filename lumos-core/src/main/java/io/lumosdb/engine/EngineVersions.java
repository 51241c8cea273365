package io.lumosdb.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;

/**
 * The engine versions Lumos-DB is built with, and the check that the ones on the class path are not
 * older. A dependency conflict in a user's build can put an older duckdb_jdbc or sqlite-jdbc first;
 * without this check the first symptom is an unknown setting deep in the replica's setup, and the
 * replica file moved aside as if it were unreadable.
 */
final class EngineVersions {
    private static final Properties BUILT_WITH = load();

    private EngineVersions() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = EngineVersions.class.getResourceAsStream("engine-versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lumos-DB's engine-versions.properties", e);
        }
        return p;
    }

    /** The version of {@code engine} ({@code duckdb} or {@code sqlite}) Lumos-DB is built with, e.g. {@code 2.0.0.1}. */
    static String builtWith(String engine) {
        return BUILT_WITH.getProperty(engine, "0");
    }

    /**
     * Checks that {@code found} (the engine library's own version, e.g. DuckDB's {@code v2.0.0} or
     * SQLite's {@code 3.50.3}) is at least the version built with, compared on the first three numbers.
     *
     * @throws SQLNonTransientConnectionException naming both versions and the driver to align
     */
    static void requireAtLeast(String engine, String driver, String found, String builtWith)
            throws SQLNonTransientConnectionException {
        if (compare(found, builtWith) < 0) {
            throw new SQLNonTransientConnectionException(engine + " " + found + " was loaded, but Lumos-DB is built with "
                    + builtWith + " and needs at least that: another dependency brings an older " + driver
                    + "; align it to " + builtWith + " (mvn dependency:tree shows which)", "08001");
        }
    }

    /** Compares the first three numbers of two versions ({@code v2.0.0} and {@code 2.0.0.1} are equal). */
    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        int[] n = new int[3];
        String[] parts = version.replaceFirst("^[^0-9]*", "").split("[^0-9]+");
        for (int i = 0; i < 3 && i < parts.length; i++) {
            n[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
        }
        return n;
    }
}
