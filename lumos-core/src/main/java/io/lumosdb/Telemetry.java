package io.lumosdb;

import java.sql.SQLException;

/**
 * What the read and write paths report, for metrics, tracing and the slow-query log
 * (docs/observability.md). {@link #NONE} when all three are off: its methods do nothing, and as long
 * as no other implementation is loaded the JIT removes the calls altogether.
 *
 * <p>Why an interface of our own rather than Micrometer's or OpenTelemetry's types in the paths: both
 * libraries are optional dependencies. Only {@link MicrometerTelemetry} names Micrometer and only
 * {@link OtelTelemetry} names OpenTelemetry, and neither class is loaded unless the builder was given a
 * registry or an {@code OpenTelemetry}; so a database opens with neither jar on the class path.
 */
interface Telemetry {
    /** Metrics, tracing and slow-query log all off. */
    Telemetry NONE = new Telemetry() {};

    /** A part of a call being traced; closing ends it. */
    interface Stage extends AutoCloseable {
        /** Nothing traced. */
        Stage NONE = () -> { };

        /** Marks the stage failed with {@code failure} (before {@link #close()}). */
        default void fail(Throwable failure) {}

        @Override
        void close();
    }

    /** Starts a span named {@code name} ({@code lumos.query}, {@code lumos.route}, ...), a child of the current one. */
    default Stage stage(String name) {
        return Stage.NONE;
    }

    /** A read returned {@code result} (its route, cache level, rows and time are in it). */
    default void queried(QueryResult result, String sql, Object[] args) {}

    /**
     * A read or write failed after {@code nanos}; {@code operation} is {@code query} or {@code write},
     * {@code route} null when it failed before a route was chosen.
     */
    default void failed(String operation, Route route, String sql, SQLException failure, long nanos) {}

    /** A write committed: {@code kind} is {@code statement}, {@code transaction} or {@code vector}. */
    default void wrote(String kind, String sql, long nanos) {}

    /** A vector search ran with {@code plan}; see {@link io.lumosdb.vector.VectorStorage#searched}. */
    default void vectorSearched(String plan, long nanos) {}

    /** The replica's worker finished a pass; see {@link io.lumosdb.sync.ReplicaHost#passTimed}. */
    default void passTimed(long work, long startNanos, long endNanos, SQLException failure) {}

    /** The database is open: gauges that read its parts are registered now. */
    default void opened(ObservedParts parts) {}

    /** The database is closing: meters that read its parts are removed. */
    default void closed() {}
}
