package io.lumosdb;

import io.lumosdb.engine.Values;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds values to a statement exactly as the facade binds query parameters (numbers, String, Boolean as
 * 1/0, byte[], UUID, java.time values as UTC text; NaN refused): for work that is handed a SQLite
 * connection, such as {@code VectorCollection.change}, so that what it writes reads back like any other row.
 *
 * <pre>{@code
 * collection.change(c -> {
 *     try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes(id, at) VALUES (?, ?)")) {
 *         Parameters.bind(ps, "n1", Instant.now());
 *         ps.executeUpdate();
 *     }
 *     return null;
 * });
 * }</pre>
 */
public final class Parameters {
    private Parameters() {}

    /**
     * Binds {@code values} to {@code ps}'s parameters in order.
     *
     * @throws java.sql.SQLDataException for a value of a type Lumos-DB cannot store, naming its position
     */
    public static void bind(PreparedStatement ps, Object... values) throws SQLException {
        Values.bind(ps, values, false);
    }
}
