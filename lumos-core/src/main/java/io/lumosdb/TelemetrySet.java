package io.lumosdb;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry a database was opened with: metrics, tracing and the slow-query log, each only if asked
 * for. One is used as it is; several are called in turn. A failing part is logged and never fails the
 * call it observes (like a user's listener in Caffeine).
 */
final class TelemetrySet implements Telemetry {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetrySet.class);

    private final Telemetry[] parts;
    /** The one part that traces (opens stages), or {@link Telemetry#NONE}: a stage is asked of it alone. */
    private final Telemetry tracer;

    private TelemetrySet(Telemetry[] parts, Telemetry tracer) {
        this.parts = parts;
        this.tracer = tracer;
    }

    /** The telemetry {@code settings} ask for, {@link Telemetry#NONE} if none; {@code database} tags the meters. */
    static Telemetry of(Settings settings, String database) {
        List<Telemetry> chosen = new ArrayList<>(3);
        Telemetry tracer = NONE;
        if (settings.meterRegistry() != null) {
            chosen.add(new MicrometerTelemetry(settings.meterRegistry(), database)); // the only class that loads Micrometer
        }
        if (settings.openTelemetry() != null) {
            tracer = new OtelTelemetry(settings.openTelemetry()); // the only class that loads OpenTelemetry
            chosen.add(tracer);
        }
        if (settings.slowQueryThreshold() != null) {
            chosen.add(new SlowQueryLog(settings.slowQueryThreshold(), settings.slowQueryListener()));
        }
        return chosen.isEmpty() ? NONE : chosen.size() == 1 ? chosen.get(0) : new TelemetrySet(chosen.toArray(Telemetry[]::new), tracer);
    }

    @Override
    public Stage stage(String name) {
        return tracer.stage(name);
    }

    @Override
    public void queried(QueryResult result, String sql, Object[] args) {
        for (Telemetry t : parts) {
            try {
                t.queried(result, sql, args);
            } catch (RuntimeException e) {
                LOG.warn("telemetry {} failed on a query; ignored", t.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void failed(String operation, Route route, String sql, SQLException failure, long nanos) {
        for (Telemetry t : parts) {
            try {
                t.failed(operation, route, sql, failure, nanos);
            } catch (RuntimeException e) {
                LOG.warn("telemetry {} failed on a failure; ignored", t.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void wrote(String kind, String sql, long nanos) {
        for (Telemetry t : parts) {
            try {
                t.wrote(kind, sql, nanos);
            } catch (RuntimeException e) {
                LOG.warn("telemetry {} failed on a write; ignored", t.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void vectorSearched(String plan, long nanos) {
        for (Telemetry t : parts) {
            t.vectorSearched(plan, nanos);
        }
    }

    @Override
    public void passTimed(long work, long startNanos, long endNanos, SQLException failure) {
        for (Telemetry t : parts) {
            t.passTimed(work, startNanos, endNanos, failure);
        }
    }

    @Override
    public void opened(ObservedParts observed) {
        for (Telemetry t : parts) {
            t.opened(observed);
        }
    }

    @Override
    public void closed() {
        for (Telemetry t : parts) {
            t.closed();
        }
    }
}
