package io.lumosdb.vector;

import java.util.Objects;
import java.util.Set;

/**
 * The caller's own SQL, committed in the same transaction as a collection change
 * ({@link VectorCollection#change}).
 *
 * <pre>{@code
 * new SideWrite(Set.of("notes"), c -> {
 *     try (PreparedStatement ps = c.prepareStatement("DELETE FROM notes WHERE doc = ?")) { ps.setString(1, "d1"); ps.executeUpdate(); }
 *     return null;
 * });
 * }</pre>
 *
 * @param tables the tables {@code work} writes (so the database's caches and replication account for them)
 * @param work the SQL, run on the writer connection after the collection's own statements
 */
public record SideWrite(Set<String> tables, VectorStorage.SqlWork<?> work) {
    /** No side work. */
    public static final SideWrite NONE = new SideWrite(Set.of(), c -> null);

    public SideWrite {
        tables = Set.copyOf(Objects.requireNonNull(tables, "tables"));
        Objects.requireNonNull(work, "work");
    }
}
