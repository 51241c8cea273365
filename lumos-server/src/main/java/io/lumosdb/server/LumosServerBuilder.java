package io.lumosdb.server;

import com.auth0.jwt.algorithms.Algorithm;
import io.lumosdb.LumosDB;
import io.lumosdb.LumosDBBuilder;
import io.lumosdb.LumosMetrics;
import io.lumosdb.LumosTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.lumosdb.memory.AgentMemory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings for {@link LumosServer}; each can be set once and is checked at once.
 *
 * <pre>{@code
 * LumosServer server = LumosServer.builder()
 *         .directory(Path.of("data/app"))
 *         .host("0.0.0.0").port(8765)
 *         .tls(Path.of("server.p12"), "changeit".toCharArray())
 *         .jwtHs256Secret(secret)
 *         .corsOrigins("https://console.example.com")
 *         .rateLimit(200)                                           // requests a second per key
 *         .backups(Path.of("/backups/app"), Duration.ofHours(6), 28)
 *         .start();
 * }</pre>
 */
public final class LumosServerBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(LumosServerBuilder.class);

    private LumosDB database;
    private Path directory;
    private AgentMemory memory;
    private StoreChange.MemorySource memoryOpener;
    private String host;
    private int port = -1;
    private boolean noAuth;
    private long maxBodyBytes = -1;
    private int rateLimit = -1;
    private Duration statementTimeout;
    private Duration readyMaxLag;
    private Duration drainTimeout;
    private List<String> corsOrigins;
    private Path tlsKeystore;
    private char[] tlsPassword;
    private Algorithm jwt;
    private Path backupDirectory;
    private Duration backupEvery;
    private int backupsKept;
    private RequestObserver observer;
    private PrometheusMeterRegistry meterRegistry;
    private OpenTelemetry openTelemetry;
    private Duration slowQueryThreshold;
    private WriteExecutor writeExecutor;
    private ApiKeys apiKeys;
    private final List<ApiRoutes.ApiRoute> extraRoutes = new ArrayList<>();

    LumosServerBuilder() {}

    /** Serves {@code db}, which the caller keeps and closes after the server. */
    public LumosServerBuilder database(LumosDB db) {
        requireUnset(database == null && directory == null, "the database was already set");
        this.database = Objects.requireNonNull(db, "db");
        return this;
    }

    /** Opens the database in {@code directory} on start and closes it when the server closes. */
    public LumosServerBuilder directory(Path directory) {
        requireUnset(database == null && this.directory == null, "the database was already set");
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** The agent memory to serve (default: {@code AgentMemory.open(db)} with the default embedder, on first use). */
    public LumosServerBuilder memory(AgentMemory memory) {
        requireUnset(this.memory == null && memoryOpener == null, "the memory was already set");
        this.memory = Objects.requireNonNull(memory, "memory");
        return this;
    }

    /**
     * The agent memory to serve, asked of {@code opener} on each use (it opens it once; the server does not close
     * it): for an owner that applies changes to the same memory, as a cluster node does.
     */
    public LumosServerBuilder memory(StoreChange.MemorySource opener) {
        requireUnset(this.memory == null && memoryOpener == null, "the memory was already set");
        this.memoryOpener = Objects.requireNonNull(opener, "opener");
        return this;
    }

    /** The address to listen on (default 127.0.0.1, this machine only). */
    public LumosServerBuilder host(String host) {
        requireUnset(this.host == null, "the host was already set to " + this.host);
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** The port (default 8765; 0 for any free port, see {@link LumosServer#port()}). */
    public LumosServerBuilder port(int port) {
        requireUnset(this.port < 0, "the port was already set to " + this.port);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be 0 to 65535, was " + port);
        }
        this.port = port;
        return this;
    }

    /** Turns authentication off: allowed on a loopback address only, and logged as a warning. */
    public LumosServerBuilder noAuth() {
        this.noAuth = true;
        return this;
    }

    /** The largest request body (default 16 MiB); larger ones are refused with 413. */
    public LumosServerBuilder maxBodyBytes(long bytes) {
        requireUnset(maxBodyBytes < 0, "the body limit was already set to " + maxBodyBytes);
        this.maxBodyBytes = requirePositive(bytes, "body limit");
        return this;
    }

    /** Requests a second each key (or token subject) may send, bursts up to as many; over it, 429 (default: no limit). */
    public LumosServerBuilder rateLimit(int requestsPerSecond) {
        requireUnset(rateLimit < 0, "the rate limit was already set to " + rateLimit);
        this.rateLimit = (int) requirePositive(requestsPerSecond, "rate limit");
        return this;
    }

    /** How long a statement runs when the request names no {@code timeoutMs} (default 30 s). */
    public LumosServerBuilder statementTimeout(Duration timeout) {
        requireUnset(statementTimeout == null, "the statement timeout was already set to " + statementTimeout);
        this.statementTimeout = requirePositive(timeout, "statement timeout");
        return this;
    }

    /** The replica lag above which {@code /readyz} answers 503 (default 10 s). */
    public LumosServerBuilder readyMaxLag(Duration lag) {
        requireUnset(readyMaxLag == null, "the ready lag was already set to " + readyMaxLag);
        this.readyMaxLag = requirePositive(lag, "ready lag");
        return this;
    }

    /** How long {@link LumosServer#close()} waits for requests in flight (default 30 s). */
    public LumosServerBuilder drainTimeout(Duration timeout) {
        requireUnset(drainTimeout == null, "the drain timeout was already set to " + drainTimeout);
        this.drainTimeout = requirePositive(timeout, "drain timeout");
        return this;
    }

    /** Browser origins allowed by CORS ({@code https://console.example.com}); none by default: CORS off. */
    public LumosServerBuilder corsOrigins(String... origins) {
        requireUnset(corsOrigins == null, "the CORS origins were already set to " + corsOrigins);
        List<String> list = new ArrayList<>();
        for (String o : Objects.requireNonNull(origins, "origins")) {
            if (o == null || !o.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("a CORS origin is scheme://host[:port], was '" + o + "'");
            }
            list.add(o);
        }
        this.corsOrigins = List.copyOf(list);
        return this;
    }

    /** Serves HTTPS with the key and certificate of a keystore (PKCS12 or JKS). */
    public LumosServerBuilder tls(Path keystore, char[] password) {
        requireUnset(tlsKeystore == null, "TLS was already set to " + tlsKeystore);
        if (!Files.isRegularFile(Objects.requireNonNull(keystore, "keystore"))) {
            throw new IllegalArgumentException("the TLS keystore " + keystore + " is not a file");
        }
        this.tlsKeystore = keystore;
        this.tlsPassword = Objects.requireNonNull(password, "password").clone();
        return this;
    }

    /** Accepts JWTs signed with HS256 and this secret (at least 32 bytes), besides API keys. */
    public LumosServerBuilder jwtHs256Secret(byte[] secret) {
        requireUnset(jwt == null, "a JWT key was already set");
        if (Objects.requireNonNull(secret, "secret").length < 32) {
            throw new IllegalArgumentException("an HS256 secret must have at least 32 bytes (256 bits), had " + secret.length);
        }
        this.jwt = Algorithm.HMAC256(secret);
        return this;
    }

    /**
     * Accepts JWTs signed with ES256 by the private key of this public key (a PEM file,
     * {@code -----BEGIN PUBLIC KEY-----}), besides API keys.
     *
     * @throws IllegalArgumentException if the file is not a PEM EC public key
     */
    public LumosServerBuilder jwtEs256PublicKey(Path pem) {
        requireUnset(jwt == null, "a JWT key was already set");
        try {
            String text = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
            this.jwt = Algorithm.ECDSA256(key, null);
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("the ES256 public key " + pem + " is not a PEM EC public key: " + e, e);
        }
        return this;
    }

    /** Writes a backup into {@code directory} every {@code every}, keeping the newest {@code keep}. */
    public LumosServerBuilder backups(Path directory, Duration every, int keep) {
        requireUnset(backupDirectory == null, "backups were already set to " + backupDirectory);
        this.backupDirectory = Objects.requireNonNull(directory, "directory");
        this.backupEvery = requirePositive(every, "backup interval");
        this.backupsKept = (int) requirePositive(keep, "backups kept");
        return this;
    }

    /**
     * The registry {@code GET /metrics} serves (default: a new one). Give the one your {@code LumosDB} publishes
     * to ({@code LumosMetrics.of(registry)}) when you pass {@link #database}; a database the server opens
     * ({@link #directory}) publishes to it by itself. docs/observability.md lists the meters.
     */
    public LumosServerBuilder meterRegistry(PrometheusMeterRegistry registry) {
        requireUnset(meterRegistry == null, "a meter registry was already set");
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Traces each request as a server span continuing the caller's {@code traceparent}, and (for a database
     * the server opens) the database's spans under it. Off by default.
     */
    public LumosServerBuilder openTelemetry(OpenTelemetry openTelemetry) {
        requireUnset(this.openTelemetry == null, "OpenTelemetry was already set");
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        return this;
    }

    /**
     * Logs statements slower than this (see {@code LumosDBBuilder.slowQueryThreshold}) for a database the server
     * opens (default 1 s), and keeps the last hundred for {@code GET /v1/admin/slow-queries}.
     */
    public LumosServerBuilder slowQueryThreshold(Duration threshold) {
        requireUnset(slowQueryThreshold == null, "the slow-query threshold was already set to " + slowQueryThreshold);
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("the slow-query threshold must not be negative, was " + threshold);
        }
        this.slowQueryThreshold = threshold;
        return this;
    }

    /** Told of every request answered (for metrics); see {@link RequestObserver}. */
    public LumosServerBuilder requestObserver(RequestObserver observer) {
        requireUnset(this.observer == null, "a request observer was already set");
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * Sends the SQL writes through {@code executor} (a replicated deployment's log) instead of straight to
     * the database; see {@link WriteExecutor}.
     */
    public LumosServerBuilder writeExecutor(WriteExecutor executor) {
        requireUnset(writeExecutor == null, "a write executor was already set");
        this.writeExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Checks requests against {@code keys}, which the caller opened on the same directory and keeps and
     * closes; the server then makes no initial admin key (the caller does, e.g. through its replicated log).
     */
    public LumosServerBuilder apiKeys(ApiKeys keys) {
        requireUnset(apiKeys == null, "the API keys were already set");
        this.apiKeys = Objects.requireNonNull(keys, "keys");
        return this;
    }

    /**
     * Adds a route of a module built on the server (lumos-cluster's {@code GET /v1/cluster}), checked like
     * every route: a key whose role allows {@code role}, the rate limit, the body limit, problem responses.
     *
     * <pre>{@code
     * builder.route(HandlerType.GET, "/v1/cluster", Role.READ, ctx -> ctx.json(clusterStatus()));
     * }</pre>
     *
     * @throws IllegalArgumentException if the path does not start with {@code /v1/}
     */
    public LumosServerBuilder route(io.javalin.http.HandlerType method, String path, Role role, io.javalin.http.Handler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/v1/")) {
            throw new IllegalArgumentException("an added route's path starts with /v1/, was '" + path + "'");
        }
        extraRoutes.add(new ApiRoutes.ApiRoute(method, path, Access.valueOf(role.name()), handler));
        return this;
    }

    /**
     * Starts the server: opens the database if a directory was given, makes an admin key if none exists
     * ({@link LumosServer#initialAdminKey()}), and listens.
     *
     * @throws IllegalStateException if no database was set, or {@link #noAuth()} was asked on a non-loopback host
     * @throws SQLException if the database or its key file cannot be opened
     */
    public LumosServer start() throws SQLException {
        if (database == null && directory == null) {
            throw new IllegalStateException("set database(db) or directory(path) before start()");
        }
        String h = host != null ? host : "127.0.0.1";
        if (noAuth) {
            if (!loopback(h)) {
                throw new IllegalStateException("authentication can be turned off on a loopback address only; " + h + " is not one");
            }
            LOG.warn("authentication is OFF: every local process may read, change and delete everything in this database");
        }
        ServerSettings s = new ServerSettings(h, port >= 0 ? port : 8765, !noAuth, maxBodyBytes > 0 ? maxBodyBytes : 16L << 20,
                Math.max(0, rateLimit), statementTimeout != null ? statementTimeout : Duration.ofSeconds(30),
                readyMaxLag != null ? readyMaxLag : Duration.ofSeconds(10), drainTimeout != null ? drainTimeout : Duration.ofSeconds(30),
                corsOrigins != null ? corsOrigins : List.of(), tlsKeystore, tlsPassword, backupDirectory, backupEvery, backupsKept);
        PrometheusMeterRegistry registry = meterRegistry != null ? meterRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Duration slowThreshold = slowQueryThreshold != null ? slowQueryThreshold : Duration.ofSeconds(1);
        SlowQueries slow = new SlowQueries(database != null ? null : slowThreshold);
        LumosDB db = database != null ? database : openDatabase(registry, slowThreshold, slow);
        try {
            return LumosServer.start(s, db, database == null, memory, memoryOpener, jwt,
                    new ServerTelemetry(registry, openTelemetry, observer != null ? observer : (m, r, st, t) -> { }, slow),
                    writeExecutor, List.copyOf(extraRoutes), apiKeys);
        } catch (SQLException | RuntimeException e) {
            if (database == null) {
                db.close();
            }
            throw e;
        }
    }

    private LumosDB openDatabase(PrometheusMeterRegistry registry, Duration slowThreshold, SlowQueries slow) throws SQLException {
        LumosDBBuilder b = LumosDB.builder().directory(directory).metrics(LumosMetrics.of(registry))
                .slowQueryThreshold(slowThreshold).slowQueryListener(slow);
        if (openTelemetry != null) {
            b.tracing(LumosTracing.of(openTelemetry));
        }
        return b.open();
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void requireUnset(boolean unset, String message) {
        if (!unset) {
            throw new IllegalStateException(message);
        }
    }

    private static long requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }

    private static Duration requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }
}
