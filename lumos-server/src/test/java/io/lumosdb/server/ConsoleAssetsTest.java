package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's files at {@code /} (a small stand-in bundle under {@code lumos-console/} of the test class path):
 * cache headers, the single-page fallback for browsers only, nothing outside the bundle, the API untouched.
 */
class ConsoleAssetsTest {
    private static final Map<String, String> BROWSER = Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void root_servesIndexHtml_revalidatedEveryTime_withCsp() throws Exception {
        LiveServer.Answer a = s.call("GET", "/", null, null).expect(200);
        assertTrue(a.body().contains("test console"), a.body());
        assertTrue(a.header("Content-Type").startsWith("text/html"), a.header("Content-Type"));
        assertEquals("no-cache", a.header("Cache-Control"));
        assertTrue(a.header("Content-Security-Policy").contains("script-src 'self'"));
        assertEquals("nosniff", a.header("X-Content-Type-Options"));
        assertTrue(a.header("X-Request-Id") != null);
    }

    @Test
    void hashedAsset_cachedForAYear() throws Exception {
        LiveServer.Answer a = s.call("GET", "/assets/app-3f2a9c0d.js", null, null).expect(200);
        assertTrue(a.header("Content-Type").startsWith("text/javascript"));
        assertEquals("public, max-age=31536000, immutable", a.header("Cache-Control"));
        assertEquals("document.title = \"console\";\n", a.body());
    }

    @Test
    void sameETag_notModified() throws Exception {
        String etag = s.call("GET", "/", null, null).expect(200).header("ETag");
        LiveServer.Answer again = s.call("GET", "/", null, null, Map.of("If-None-Match", etag)).expect(304);
        assertEquals("", again.body());
    }

    @Test
    void browserPathWithoutFile_getsIndexHtml_apiClientGets404Problem() throws Exception {
        assertTrue(s.call("GET", "/sql", null, null, BROWSER).expect(200).body().contains("test console"));
        assertTrue(s.call("GET", "/data/orders", null, null, BROWSER).expect(200).body().contains("test console"));
        LiveServer.Answer api = s.call("GET", "/sql", null, null).expect(404);
        assertTrue(api.header("Content-Type").startsWith(Problems.CONTENT_TYPE), api.header("Content-Type"));
        s.call("GET", "/assets/missing-1234.js", null, null, BROWSER).expect(404);
    }

    @Test
    void apiPaths_neverTheConsole() throws Exception {
        LiveServer.Answer a = s.call("GET", "/v1/nowhere", s.adminKey, null, BROWSER).expect(404);
        assertTrue(a.header("Content-Type").startsWith(Problems.CONTENT_TYPE));
        s.call("GET", "/v1/status", null, null, BROWSER).expect(401);
        assertTrue(s.call("GET", "/livez", null, null, BROWSER).expect(200).body().contains("live"));
        s.call("POST", "/", null, "{}").expect(404);
    }

    @Test
    void pathsOutsideTheBundle_notFound() throws Exception {
        for (String p : new String[] {"/../lumos-console/index.html", "/assets/../../io/lumosdb/server/openapi.json",
                "/%2e%2e/etc/passwd", "/assets//app-3f2a9c0d.js", "/io/lumosdb/server/openapi.json", "/assets"}) {
            LiveServer.Answer a = s.call("GET", p, null, null);
            assertTrue(a.status() == 404 || a.status() == 400, p + " -> " + a.status());
            assertNull(a.header("ETag"), p);
        }
    }

    @Test
    void status_saysWhoCalls_soTheConsoleShowsOnlyWhatTheKeyMay() throws Exception {
        JsonNode admin = s.call("GET", "/v1/status", s.adminKey, null).expect(200).json().get("caller");
        assertEquals("admin", admin.get("role").asText());
        assertTrue(admin.get("user").isNull() && admin.get("collections").isNull(), admin.toString());
        String alice = s.call("POST", "/v1/admin/keys", s.adminKey, "{\"role\": \"read\", \"user\": \"alice\", \"collections\": [\"docs\"]}")
                .expect(201).json().get("key").asText();
        JsonNode bound = s.call("GET", "/v1/status", alice, null).expect(200).json().get("caller");
        assertEquals("read", bound.get("role").asText());
        assertEquals("alice", bound.get("user").asText());
        assertEquals("[\"docs\"]", bound.get("collections").toString());
    }

    @Test
    void isApi_coversEveryRouteOfTheServer() {
        for (String route : s.server.access().keySet()) { // "GET /v1/tables/{name}"
            String path = route.substring(route.indexOf(' ') + 1);
            assertTrue(ConsoleAssets.isApi(path), path);
        }
    }
}
