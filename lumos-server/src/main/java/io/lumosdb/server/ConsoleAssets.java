package io.lumosdb.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console (module {@code lumos-console}) at {@code /}, when its jar is on the class path: the files under
 * {@code lumos-console/} of the class path, served as they are. The console talks to the public API like any
 * client; nothing here reaches the database.
 *
 * <ul>
 *   <li>Cache: Vite names the files under {@code /assets/} after their content, so they are cached for a year
 *       ({@code immutable}); {@code index.html} and the other files are revalidated on every load ({@code no-cache}
 *       with an ETag), so a new server version is picked up at once.</li>
 *   <li>Single-page app: a browser's GET of a path that is no file and no API route ({@code /sql},
 *       {@code /data}, ...) gets {@code index.html}, which routes in the browser. Only a request that accepts
 *       {@code text/html} gets it: an API client's unknown path stays a 404 problem.</li>
 *   <li>Never a host file: a path is looked up on the class path under {@code lumos-console/} only, after it
 *       matched a strict pattern (no {@code ..}, no {@code //}, no backslash, no {@code %}).</li>
 *   <li>HTML carries a Content-Security-Policy that allows only this origin's scripts and connections.</li>
 * </ul>
 */
final class ConsoleAssets {
    static final String ROOT = "lumos-console";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    private static final Pattern SAFE_PATH = Pattern.compile("/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=utf-8"));

    /** One file: its bytes, type and ETag. */
    private record Asset(byte[] bytes, String type, String etag) {}

    private final ClassLoader loader;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>(); // bounded: only files that exist are kept

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The console of this class's class path (absent: every request passes through to the API). */
    static ConsoleAssets fromClassPath() {
        return new ConsoleAssets(ConsoleAssets.class.getClassLoader());
    }

    /** A before-handler: answers a console file, or leaves the request to the API routes. */
    void serve(Context ctx) {
        if (ctx.method() != HandlerType.GET) {
            return;
        }
        String path = ctx.path();
        if (isApi(path)) {
            return;
        }
        Asset asset = "/".equals(path) ? null : asset(path);
        boolean immutable = asset != null && path.startsWith("/assets/");
        if (asset == null) {
            String accept = ctx.header("Accept");
            boolean page = "/".equals(path) || (accept != null && accept.contains("text/html") && !lastSegment(path).contains("."));
            if (!page || (asset = asset("/index.html")) == null) {
                return; // not the console's: the 404 problem, or the console is not on the class path
            }
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (asset.type().startsWith("text/html")) {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Frame-Options", "DENY");
        }
        ctx.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.header("ETag", asset.etag());
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
            ctx.status(304);
        } else {
            ctx.contentType(asset.type()).result(asset.bytes());
        }
        ctx.skipRemainingHandlers();
    }

    static boolean isApi(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || path.equals("/graphql") || path.equals("/livez")
                || path.equals("/readyz") || path.equals("/metrics") || path.startsWith("/metrics/");
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private Asset asset(String path) {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..") || !lastSegment(path).contains(".")) {
            return null; // every file of the bundle has an extension; a folder is no file
        }
        Asset known = loaded.get(path);
        if (known != null) {
            return known;
        }
        URL url = loader.getResource(ROOT + path);
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            String name = lastSegment(path);
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            Asset a = new Asset(bytes, TYPES.getOrDefault(ext, "application/octet-stream"), etag(bytes));
            loaded.put(path, a);
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the console file " + ROOT + path, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ConsoleAssets[" + ROOT + ", " + loaded.size() + " files loaded]";
    }
}
