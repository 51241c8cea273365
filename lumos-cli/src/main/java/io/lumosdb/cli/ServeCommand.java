package io.lumosdb.cli;

import io.lumosdb.server.LumosServer;
import io.lumosdb.server.LumosServerBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lumos serve DIR [--port 8765] [--host 127.0.0.1] ...}: the database over HTTP (docs/server.md); with
 * {@code --node n1 --cluster n1@127.0.0.1:9801,...} one node of a replicated cluster (docs/cluster.md).
 * Prints its URL (and, on a directory without keys, the admin key it made); SIGTERM or Ctrl-C drains the
 * requests in flight and closes the database.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the database over HTTP (docs/server.md).")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory (created if missing)")
    Path dir;

    @Option(names = "--port", defaultValue = "8765", description = "the port (0: any free port; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the HTTP address to listen on (default ${DEFAULT-VALUE}, this machine only;"
            + " a cluster node's Raft server listens on its own --cluster entry)")
    String host;

    @Option(names = "--no-auth", description = "no keys needed: allowed on a loopback address only")
    boolean noAuth;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "serve HTTPS with this PKCS12/JKS keystore")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "the keystore's password, in a file (first line)")
    Path tlsPasswordFile;

    @Option(names = "--jwt-hs256-secret-file", paramLabel = "FILE", description = "accept HS256 JWTs signed with the secret in this file")
    Path jwtSecretFile;

    @Option(names = "--jwt-es256-public-key", paramLabel = "PEM", description = "accept ES256 JWTs verified by this public key")
    Path jwtPublicKey;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "allow this browser origin (repeatable; default: CORS off)")
    List<String> corsOrigins;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "largest request body (default 16 MiB)")
    Long maxBody;

    @Option(names = "--rate-limit", paramLabel = "N", description = "requests a second per key (default: no limit)")
    Integer rateLimit;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", description = "default statement timeout (ISO-8601, default PT30S)")
    Duration statementTimeout;

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "write scheduled backups here")
    Path backupDir;

    @Option(names = "--backup-every", paramLabel = "DURATION", defaultValue = "PT6H", description = "backup interval (default ${DEFAULT-VALUE})")
    Duration backupEvery;

    @Option(names = "--backup-keep", paramLabel = "N", defaultValue = "7", description = "backups kept (default ${DEFAULT-VALUE})")
    int backupKeep;

    @Option(names = "--log-file", paramLabel = "FILE", description = "append the JSON log lines to this file (default: stdout)")
    Path logFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info", description = "trace, debug, info, warn or error (default ${DEFAULT-VALUE})")
    String logLevel;

    @Option(names = "--slow-query", paramLabel = "DURATION", description = "log statements slower than this (ISO-8601, default PT1S)")
    Duration slowQuery;

    @Option(names = "--node", paramLabel = "ID", description = "this node's id in --cluster (docs/cluster.md)")
    String node;

    @Option(names = "--cluster", paramLabel = "LIST", description = "the cluster's nodes, id@host:raftPort,...;"
            + " this node's Raft server listens on its own entry's host and port (docs/cluster.md)")
    String cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "lumos", description = "the cluster's name (default ${DEFAULT-VALUE})")
    String clusterName;

    @Option(names = "--join", description = "cluster: start as a new member of a running cluster, added by POST /v1/cluster/members")
    boolean join;

    @Option(names = "--snapshot-every", paramLabel = "N", description = "cluster: snapshot and compact the log every N entries (default 10000)")
    Long snapshotEvery;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LogSetup.forServer(logFile, logLevel);
        if ((node == null) != (cluster == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--node and --cluster go together");
        }
        if (cluster != null) {
            return ClusterServe.run(this);
        }
        LumosServerBuilder b = LumosServer.builder().directory(dir).port(port);
        configure(b);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LumosServer server = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lumos-server shutdown"));
        if (noAuth) {
            err.println("WARNING: authentication is off; every process on this machine can read and change " + dir);
            err.flush();
        }
        out.println("Lumos-DB serving " + dir + " on " + server.url());
        server.initialAdminKey().ifPresent(k -> {
            out.println("No API key existed: an admin key was made. It is shown this once; keep it:");
            out.println(k);
        });
        out.flush();
        server.awaitClosed();
        return 0;
    }

    /** Every server setting of the command line but the database and the port. */
    void configure(LumosServerBuilder b) {
        b.host(host);
        if (slowQuery != null) {
            b.slowQueryThreshold(slowQuery);
        }
        if (noAuth) {
            b.noAuth();
        }
        if (tlsKeystore != null) {
            char[] password = tlsPasswordFile == null ? new char[0] : firstLine(tlsPasswordFile).toCharArray();
            b.tls(tlsKeystore, password);
        }
        if (jwtSecretFile != null) {
            b.jwtHs256Secret(firstLine(jwtSecretFile).getBytes(StandardCharsets.UTF_8));
        }
        if (jwtPublicKey != null) {
            b.jwtEs256PublicKey(jwtPublicKey);
        }
        if (corsOrigins != null) {
            b.corsOrigins(corsOrigins.toArray(String[]::new));
        }
        if (maxBody != null) {
            b.maxBodyBytes(maxBody);
        }
        if (rateLimit != null) {
            b.rateLimit(rateLimit);
        }
        if (statementTimeout != null) {
            b.statementTimeout(statementTimeout);
        }
        if (backupDir != null) {
            b.backups(backupDir, backupEvery, backupKeep);
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading " + file + " failed: " + e, e);
        }
    }
}
