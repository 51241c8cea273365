package io.lumosdb.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty and Javalin settings: the address, named request threads, the body limit, TLS from a keystore,
 * CORS only for the origins named, and problem responses for paths and methods no route has.
 */
final class HttpSetup {
    private HttpSetup() {}

    static void configure(JavalinConfig config, ServerSettings s) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = s.maxBodyBytes();
        config.http.prefer405over404 = true;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("lumos-server");
        config.jetty.threadPool = threads;
        if (s.tlsKeystore() != null) {
            config.jetty.addConnector((server, http) -> {
                SslContextFactory.Server tls = new SslContextFactory.Server();
                tls.setKeyStorePath(s.tlsKeystore().toAbsolutePath().toString());
                tls.setKeyStorePassword(new String(s.tlsPassword()));
                ServerConnector c = new ServerConnector(server, tls, new HttpConnectionFactory(http));
                c.setHost(s.host());
                c.setPort(s.port());
                return c;
            });
        } else {
            config.jetty.host = s.host();
            config.jetty.port = s.port();
        }
        if (!s.corsOrigins().isEmpty()) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                s.corsOrigins().forEach(o -> rule.allowHost(o));
                rule.exposeHeader(RequestIds.HEADER);
            }));
        }
    }

    /** 404 and 405 for what no route matches, as problems like every other error. */
    static void problemsForUnmatched(JavalinConfig config) {
        config.routes.error(404, ctx -> unlessAnswered(ctx, ApiProblem.notFound("no route " + ctx.method().name() + " " + ctx.path()
                + "; the routes are listed in /v1/openapi.json")));
        config.routes.error(405, ctx -> unlessAnswered(ctx, new ApiProblem(405, "Method not allowed", ctx.method().name()
                + " is not allowed on " + ctx.path())));
        config.routes.exception(Exception.class, (e, ctx) -> Problems.respond(ctx, Problems.of(e, RequestIds.of(ctx))));
    }

    private static void unlessAnswered(Context ctx, ApiProblem problem) {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith(Problems.CONTENT_TYPE)) {
            Problems.respond(ctx, problem);
        }
    }
}
