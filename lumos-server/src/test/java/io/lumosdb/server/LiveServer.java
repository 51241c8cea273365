package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.LumosDB;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real server for a test: an in-memory database, 127.0.0.1, a free port, authentication on; and a
 * JDK HttpClient to call it. The admin key is the one the server made on its first start.
 */
final class LiveServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final LumosDB db;
    final LumosServer server;
    final String adminKey;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** A JSON (or text) answer. */
    record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        Answer expect(int expected) {
            assertEquals(expected, status, () -> "status of " + body);
            return this;
        }
    }

    private LiveServer(LumosDB db, LumosServer server) {
        this.db = db;
        this.server = server;
        this.adminKey = server.initialAdminKey().orElseThrow();
    }

    static LiveServer start() throws SQLException {
        return start(b -> { });
    }

    static LiveServer start(Consumer<LumosServerBuilder> settings) throws SQLException {
        return start(LumosDB.builder().inMemory().open(), settings);
    }

    /** A server for {@code db} (closed with it). */
    static LiveServer start(LumosDB db, Consumer<LumosServerBuilder> settings) throws SQLException {
        LumosServerBuilder b = LumosServer.builder().database(db).port(0);
        settings.accept(b);
        return new LiveServer(db, b.start());
    }

    /** A server that opens (and closes) its own database in {@code directory}. */
    static LiveServer startIn(java.nio.file.Path directory, Consumer<LumosServerBuilder> settings) throws SQLException {
        LumosServerBuilder b = LumosServer.builder().directory(directory).port(0);
        settings.accept(b);
        return new LiveServer(null, b.start());
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    Answer call(String method, String path, String key, String body) throws IOException, InterruptedException {
        return call(method, path, key, body, Map.of());
    }

    Answer call(String method, String path, String key, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            r.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        headers.forEach(r::header);
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), resp.headers().map(), resp.body());
    }

    Answer get(String path, String key) throws IOException, InterruptedException {
        return call("GET", path, key, null);
    }

    Answer post(String path, String key, String body) throws IOException, InterruptedException {
        return call("POST", path, key, body);
    }

    StatementDeadline deadline() {
        return server.deadline();
    }

    /** A key made through the admin API. */
    String key(String role, String user, String collections) throws IOException, InterruptedException {
        String body = "{\"role\":\"" + role + "\"" + (user != null ? ",\"user\":\"" + user + "\"" : "")
                + (collections != null ? ",\"collections\":" + collections : "") + "}";
        return post("/v1/admin/keys", adminKey, body).expect(201).json().get("key").asText();
    }

    /** Runs SQL as admin and returns the answer, which must be 200. */
    JsonNode sql(String sql) throws IOException, InterruptedException {
        return post("/v1/sql", adminKey, JSON.createObjectNode().put("sql", sql).toString()).expect(200).json();
    }

    @Override
    public void close() throws SQLException {
        server.close();
        if (db != null) {
            db.close();
        }
    }
}
