package io.lumosdb.server;

import com.auth0.jwt.algorithms.Algorithm;
import io.javalin.Javalin;
import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lumos-DB over HTTP: SQL, tables, vector collections and agent memory as a versioned JSON API
 * (docs/server.md), with API keys or JWTs, backups, health checks and an OpenAPI document.
 *
 * <pre>{@code
 * try (LumosServer server = LumosServer.builder()
 *         .directory(Path.of("data/app"))        // or .database(db) for a LumosDB you own
 *         .port(8765)                             // 0: any free port
 *         .start()) {
 *     server.initialAdminKey().ifPresent(k -> log.info("admin key: {}", k)); // first start only
 *     log.info("serving {}", server.url());
 *     server.awaitClosed();                        // until close() (e.g. from a shutdown hook)
 * }
 * }</pre>
 *
 * <p><b>Shutdown.</b> {@link #close()} refuses new requests (503), waits for those in flight (up to
 * {@link LumosServerBuilder#drainTimeout}), stops the HTTP server, then closes the agent memory and, when
 * the server opened it, the database: nothing committed is lost and the directory is left clean.
 *
 * <p><b>Parts.</b> {@link ApiRoutes} lists every route; {@link RequestGate} checks each request (key,
 * role, rate limit, body size) and turns failures into problem responses ({@link Problems}); the
 * endpoints are grouped by concept ({@code SqlEndpoints}, {@code TableEndpoints}, ...).
 */
public final class LumosServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LumosServer.class);

    private final Javalin app;
    private final ServerState state;
    private final RequestGate gate;
    private final boolean ownsDatabase;
    private final String initialAdminKey;
    private final List<String> registered;
    private final java.util.Map<String, Access> access = new java.util.TreeMap<>();
    private final BackupSchedule backups;
    private final URI url;
    private final Object closeLock = new Object();
    private boolean closed;
    private boolean ownsKeys = true;

    private LumosServer(Javalin app, ServerState state, RequestGate gate, boolean ownsDatabase, String initialAdminKey,
            List<String> registered, BackupSchedule backups, URI url) {
        this.app = app;
        this.state = state;
        this.gate = gate;
        this.ownsDatabase = ownsDatabase;
        this.initialAdminKey = initialAdminKey;
        this.registered = registered;
        this.backups = backups;
        this.url = url;
    }

    /** Settings for a server; see {@link LumosServerBuilder}. */
    public static LumosServerBuilder builder() {
        return new LumosServerBuilder();
    }

    /** Starts a server as {@code b} says; called by {@link LumosServerBuilder#start()}. */
    static LumosServer start(ServerSettings settings, LumosDB db, boolean ownsDatabase, AgentMemory memory,
            StoreChange.MemorySource memoryOpener, Algorithm jwt,
            ServerTelemetry telemetry, WriteExecutor writes, List<ApiRoutes.ApiRoute> extraRoutes, ApiKeys givenKeys) throws SQLException {
        ApiKeys keys = givenKeys != null ? givenKeys : ApiKeys.open(db);
        String initialAdminKey = null;
        if (settings.auth() && keys.isEmpty() && givenKeys == null) {
            initialAdminKey = keys.create(Role.ADMIN, "initial admin", null, null).secret();
            LOG.info("no API key existed in {}: made one admin key (shown once)", db.directory());
        }
        ServerState state = new ServerState(db, memory, memoryOpener, keys, settings, writes);
        RequestGate gate = new RequestGate(new Authenticator(keys, jwt, settings.auth()),
                new RateLimiter(settings.rateLimitPerSecond()), settings.maxBodyBytes(), telemetry);
        List<String> registered = Collections.synchronizedList(new ArrayList<>());
        List<ApiRoutes.ApiRoute> routes = new ArrayList<>(ApiRoutes.all(state, gate));
        routes.addAll(extraRoutes);
        Javalin app;
        try {
            app = Javalin.create(config -> {
                HttpSetup.configure(config, settings);
                config.events.handlerAdded(h -> {
                    if (!h.getHttpMethod().isHttpMethod()) {
                        return;
                    }
                    registered.add(h.getHttpMethod().name() + " " + h.getPath());
                });
                config.routes.before(RequestIds::assign);
                config.routes.before(ConsoleAssets.fromClassPath()::serve); // the web console at /, when its jar is here
                for (ApiRoutes.ApiRoute r : routes) {
                    config.routes.addHttpHandler(r.method(), r.path(), gate.wrap(r.method().name(), r.path(), r.access(), r.handler()));
                }
                HttpSetup.problemsForUnmatched(config);
            }).start();
        } catch (RuntimeException e) {
            state.deadline.close();
            if (givenKeys == null) {
                keys.close();
            }
            throw e;
        }
        String scheme = settings.tlsKeystore() != null ? "https" : "http";
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        URI url = URI.create(scheme + "://" + host + ":" + app.port());
        BackupSchedule backups = settings.backupDirectory() == null ? null
                : BackupSchedule.start(db, settings.backupDirectory(), settings.backupEvery(), settings.backupsKept());
        LOG.info("Lumos-DB server on {} serving {} (auth {})", url, db.directory(), settings.auth() ? "on" : "OFF");
        LumosServer server = new LumosServer(app, state, gate, ownsDatabase, initialAdminKey, List.copyOf(registered), backups, url);
        server.ownsKeys = givenKeys == null;
        routes.forEach(r -> server.access.put(r.method().name() + " " + r.path(), r.access()));
        return server;
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:8765}. */
    public URI url() {
        return url;
    }

    /** The port the server listens on (the one chosen when {@code port(0)} asked for any). */
    public int port() {
        return app.port();
    }

    /**
     * The admin key made because the directory had none: present once, on the first start of a
     * directory with authentication on. It is stored hashed only; show it to the operator now.
     */
    public Optional<String> initialAdminKey() {
        return Optional.ofNullable(initialAdminKey);
    }

    /** Whether requests need a key or token (false with {@code noAuth()}). */
    public boolean authenticates() {
        return state.settings.auth();
    }

    /** The statement deadline and the cancellable statements, for tests. */
    StatementDeadline deadline() {
        return state.deadline;
    }

    /** The routes Javalin registered ("GET /v1/tables/{name}"), for the OpenAPI check. */
    List<String> registeredRoutes() {
        return registered;
    }

    /** Requests being answered now. */
    int inFlight() {
        return gate.inFlight();
    }

    /** Who may call each route ("GET /v1/tables" to its access), for the auth matrix test. */
    java.util.Map<String, Access> access() {
        return access;
    }

    /**
     * Waits until {@link #close()} has finished (for a main thread that serves until a shutdown hook closes).
     *
     * @throws InterruptedException if interrupted meanwhile
     */
    public void awaitClosed() throws InterruptedException {
        synchronized (closeLock) {
            while (!closed) {
                closeLock.wait();
            }
        }
    }

    /**
     * Drains and stops: new requests get 503, requests in flight finish (up to the drain timeout), then the
     * HTTP server stops and the memory, the key file and (if the server opened it) the database close.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            try {
                int left = gate.drain(state.settings.drainTimeout());
                if (left > 0) {
                    LOG.warn("{} requests still running after {}; stopping anyway", left, state.settings.drainTimeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (backups != null) {
                backups.close();
            }
            app.stop();
            gate.telemetry().close();
            state.deadline.close();
            AgentMemory memory = state.memoryIfOpen();
            if (memory != null) {
                memory.close();
            }
            try {
                if (ownsKeys) {
                    state.keys.close();
                }
            } catch (SQLException e) {
                LOG.warn("closing the key file failed: {}", e.toString());
            }
            if (ownsDatabase) {
                try {
                    state.db.close();
                } catch (SQLException e) {
                    LOG.error("closing the database failed", e);
                }
            }
            closed = true;
            closeLock.notifyAll();
            LOG.info("Lumos-DB server on {} stopped", url);
        }
    }

    @Override
    public String toString() {
        return "LumosServer[" + url + ", " + state.db.directory() + "]";
    }
}
