package io.lumosdb.memory;

import io.lumosdb.LumosDB;

/**
 * What the agent memory reports to the database's metrics (docs/observability.md, "Metrics of the agent
 * memory"): recalls, remembers and embedder calls with their time. {@link #NONE} when the database has no
 * metrics.
 *
 * <p>The seam lumos-core uses for its own meters ({@code io.lumosdb.Telemetry}): Micrometer is an optional
 * dependency, so only {@link MicrometerMemoryTelemetry} names it, and that class is loaded only when the
 * database was opened with a registry ({@link LumosDB#metrics()}); without Micrometer on the class path the
 * memory runs as before. The registry is the database's, so a server's {@code /metrics} and a Spring
 * application's registry show these meters with no wiring of their own.
 */
interface MemoryTelemetry {
    /** Metrics off. */
    MemoryTelemetry NONE = new MemoryTelemetry() {};

    /** What a text was embedded for: the tag {@code operation} of the embedder's meters. */
    enum EmbedFor {
        /** Remembering: memories, sessions, superseding facts. */
        REMEMBER,
        /** The question of a recall. */
        RECALL
    }

    /** What a write of memories was: the tag {@code operation} of {@code lumos.memory.remember}. */
    enum Write {
        /** {@link AgentMemory#remember}, {@link AgentMemory#rememberAll} and {@link AgentMemory#rememberAs}. */
        REMEMBER,
        /** {@link AgentMemory#rememberSession}. */
        SESSION,
        /** {@link AgentMemory#supersede} and {@link AgentMemory#supersedeAs}. */
        SUPERSEDE
    }

    /** The meters of {@code db}'s registry, or {@link #NONE} if it has none. */
    static MemoryTelemetry of(LumosDB db) {
        return db.metrics().isPresent()
                ? new MicrometerMemoryTelemetry(db.metrics().get(), String.valueOf(db.directory().getFileName())) // loads Micrometer
                : NONE;
    }

    /** A recall returned after {@code nanos}; {@code history} when it searched superseded versions too. */
    default void recalled(boolean history, long nanos) {}

    /** Memories were written in {@code nanos} (embedding included). */
    default void remembered(Write write, long nanos) {}

    /** The embedder turned {@code texts} texts into vectors in {@code nanos} (texts the cache held are not embedded). */
    default void embedded(EmbedFor purpose, int texts, long nanos) {}

    /** The memory closed: its meters are removed from the registry. */
    default void close() {}
}
