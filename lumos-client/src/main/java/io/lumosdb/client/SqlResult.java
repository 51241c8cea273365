package io.lumosdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to a statement: column names, rows of values ({@code Long} for integers, all 64 bits;
 * {@code Double}, {@code String}, {@code Boolean}, {@code byte[]} for blobs, null), the engine that ran it
 * and why, and the rows a write changed.
 *
 * <pre>{@code
 * SqlResult r = client.sql("SELECT id, customer FROM orders WHERE id = ?", 1);
 * long id = r.getLong(0, "id");
 * String customer = r.getString(0, "customer");
 * }</pre>
 */
public final class SqlResult {
    private final List<String> columns;
    private final List<List<Object>> rows;
    private final String route;
    private final String reason;
    private final double elapsedMs;
    private final long rowsChanged;
    private final boolean fromCache;

    private SqlResult(List<String> columns, List<List<Object>> rows, String route, String reason, double elapsedMs, long rowsChanged,
            boolean fromCache) {
        this.columns = columns;
        this.rows = rows;
        this.route = route;
        this.reason = reason;
        this.elapsedMs = elapsedMs;
        this.rowsChanged = rowsChanged;
        this.fromCache = fromCache;
    }

    static SqlResult of(JsonNode n) {
        List<String> columns = new ArrayList<>();
        n.path("columns").forEach(c -> columns.add(c.asText()));
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode r : n.path("rows")) {
            List<Object> row = new ArrayList<>(r.size());
            r.forEach(v -> row.add(Values.value(v)));
            rows.add(Collections.unmodifiableList(row));
        }
        return new SqlResult(List.copyOf(columns), Collections.unmodifiableList(rows), Values.text(n.get("route")),
                Values.text(n.get("reason")), n.path("elapsedMs").asDouble(), n.path("rowsChanged").asLong(), n.path("fromCache").asBoolean());
    }

    /** The column names. */
    public List<String> columns() {
        return columns;
    }

    /** The rows, each a list of values in column order. */
    public List<List<Object>> rows() {
        return rows;
    }

    /** How many rows. */
    public int size() {
        return rows.size();
    }

    /** The value of {@code column} in row {@code row}. */
    public Object get(int row, String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }
        return rows.get(row).get(i);
    }

    /** An integer value (null for NULL). */
    public Long getLong(int row, String column) {
        Object v = get(row, column);
        return v == null ? null : ((Number) v).longValue();
    }

    /** A real value (null for NULL). */
    public Double getDouble(int row, String column) {
        Object v = get(row, column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** A text value (null for NULL). */
    public String getString(int row, String column) {
        Object v = get(row, column);
        return v == null ? null : v.toString();
    }

    /** A blob value (null for NULL). */
    public byte[] getBytes(int row, String column) {
        return (byte[]) get(row, column);
    }

    /**
     * A timestamp: the server writes them as the value model's UTC text ({@code 2024-05-01 10:00:00}) or
     * ISO-8601; either reads back as the instant it names.
     */
    public Instant getInstant(int row, String column) {
        String t = getString(row, column);
        if (t == null) {
            return null;
        }
        String iso = t.replace(' ', 'T');
        return iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(iso).toInstant()
                : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    /** The engine that ran it: {@code OLTP} (SQLite) or {@code OLAP} (DuckDB). */
    public String route() {
        return route;
    }

    /** Why the router chose it. */
    public String reason() {
        return reason;
    }

    /** The server's time for it, in milliseconds. */
    public double elapsedMs() {
        return elapsedMs;
    }

    /** Rows a write changed (0 for a read). */
    public long rowsChanged() {
        return rowsChanged;
    }

    /** Whether the server answered from its result cache. */
    public boolean fromCache() {
        return fromCache;
    }

    @Override
    public String toString() {
        return "SqlResult[" + columns + ", " + rows.size() + " rows, " + route + "]";
    }
}
