package io.lumosdb.server;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * What the endpoints share: the database, its agent memory (opened on first use: loading the embedding
 * model takes a moment a server answering only SQL should not pay), the keys, the statement deadline and
 * the settings, and where writes go ({@link WriteExecutor}).
 */
final class ServerState {
    final LumosDB db;
    final ApiKeys keys;
    final StatementDeadline deadline;
    final ServerSettings settings;
    final WriteExecutor writes;
    final Instant started = Instant.now();
    private final StoreChange.MemorySource memoryOpener;
    private volatile AgentMemory memory;

    ServerState(LumosDB db, AgentMemory memory, StoreChange.MemorySource memoryOpener, ApiKeys keys, ServerSettings settings,
            WriteExecutor writes) {
        this.memoryOpener = memoryOpener;
        this.db = db;
        this.writes = writes != null ? writes : new LocalWrites(db, this::memory);
        this.memory = memory;
        this.keys = keys;
        this.settings = settings;
        this.deadline = new StatementDeadline(db);
    }

    AgentMemory memory() throws SQLException {
        if (memoryOpener != null) {
            return memoryOpener.get(); // its owner's, which it closes
        }
        AgentMemory m = memory;
        if (m == null) {
            synchronized (this) {
                m = memory;
                if (m == null) {
                    m = AgentMemory.open(db);
                    memory = m;
                }
            }
        }
        return m;
    }

    /**
     * Before a vector or memory change, which checks first what exists here (the collection, the memory):
     * waits until this node has what the leader had applied (a cluster's {@code leader} read level; nothing on
     * one server), so a change right after another made through another node finds it.
     */
    void beforeChange() throws SQLException {
        writes.beforeRead("leader", settings.statementTimeout().toMillis());
    }

    /** The memory if it was opened, for closing. */
    AgentMemory memoryIfOpen() {
        return memory;
    }

    /** The request's {@code timeoutMs}, or the server's default; at most ten minutes. */
    long timeoutMs(com.fasterxml.jackson.databind.JsonNode request) {
        return Json.integer(request, "timeoutMs", settings.statementTimeout().toMillis(), 1, Duration.ofMinutes(10).toMillis());
    }
}
