package io.lumosdb.spring;

import io.lumosdb.LumosDB;
import io.lumosdb.sync.SyncStatus;
import java.sql.SQLException;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The database's health for Spring Boot's health endpoint: DOWN when it is closed or its status cannot be read,
 * OUT_OF_SERVICE when the DuckDB replica lags more than {@code lumos.health.max-lag} behind SQLite (analytical reads
 * would wait for it, up to the freshness timeout) or keeps failing to apply changes, UP otherwise. Details: the
 * replica's lag, pending changes, sequences, a running rebuild and the last apply error.
 */
public class LumosHealthIndicator implements HealthIndicator {
    private final LumosDB db;
    private final Duration maxLag;

    public LumosHealthIndicator(LumosDB db, Duration maxLag) {
        this.db = db;
        this.maxLag = maxLag;
    }

    @Override
    public Health health() {
        if (db.isClosed()) {
            return Health.down().withDetail("directory", db.directory().toString()).withDetail("reason", "closed").build();
        }
        SyncStatus s;
        try {
            s = db.sync().status();
        } catch (SQLException e) {
            return Health.down(e).withDetail("directory", db.directory().toString()).build();
        }
        boolean lagging = s.lag().compareTo(maxLag) > 0;
        boolean failing = s.consecutiveFailures() > 0 && s.lastError().isPresent();
        Health.Builder h = lagging || failing ? Health.outOfService() : Health.up();
        h.withDetail("directory", db.directory().toString())
                .withDetail("replicaLagMillis", s.lag().toMillis())
                .withDetail("maxLagMillis", maxLag.toMillis())
                .withDetail("pendingChanges", s.pendingChanges())
                .withDetail("appliedSequence", s.appliedSequence())
                .withDetail("lastCommittedSequence", s.lastCommittedSequence())
                .withDetail("replicatedTables", db.replicatedTables().size());
        s.rebuilding().ifPresent(r -> h.withDetail("rebuilding", r));
        s.lastError().ifPresent(e -> h.withDetail("lastApplyError", e).withDetail("consecutiveFailures", s.consecutiveFailures()));
        return h.build();
    }
}
