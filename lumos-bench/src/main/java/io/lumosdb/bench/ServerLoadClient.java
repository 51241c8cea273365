package io.lumosdb.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client side of {@link ServerLoadRunner}, run in a JVM of its own: one JDK {@link HttpClient} over
 * HTTP/1.1 with {@code connections} threads sending requests back to back, so each thread holds one
 * keep-alive connection. For each operation it warms up, then runs bounded in count and time, and prints
 * one line {@code RESULT <operation> <calls> <seconds> <p50 ms> <p99 ms>}. Any answer but 200 stops it
 * with a non-zero exit; the first answer of each operation is checked to hold what it should.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.ServerLoadClient URL KEY connections requests seconds rows vectors dims users
 * </pre>
 */
public final class ServerLoadClient {
    static final String RESULT = "RESULT";

    private ServerLoadClient() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String key = args[1];
        int connections = Integer.parseInt(args[2]);
        long requests = Long.parseLong(args[3]);
        double seconds = Double.parseDouble(args[4]);
        LoadWorkload workload = LoadWorkload.of(args, 5);
        // completions run on the thread that finished the I/O, not handed to a pool: one thread hop less per request
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Runnable::run).build();
        for (LoadWorkload.Operation op : LoadWorkload.Operation.values()) {
            URI target = url.resolve(op.path);
            check(op, send(http, target, key, workload.body(op, 0)));
            BoundedLoad.Call call = i -> send(http, target, key, workload.body(op, i));
            BoundedLoad.run("load-client-warmup", connections, Math.max(1, requests / 5), Math.max(0.2, seconds / 5), call);
            BoundedLoad.Outcome o = BoundedLoad.run("load-client", connections, requests, seconds, call);
            System.out.println(RESULT + " " + op.name() + " " + o.line());
            System.out.flush();
        }
    }

    private static String send(HttpClient http, URI target, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + target + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The first answer of each operation holds a row, hits or memories: the load measures real work. */
    private static void check(LoadWorkload.Operation op, String answer) {
        String expected = switch (op) {
            case POINT_LOOKUP, ANALYTICAL -> "\"rows\":[[";
            case VECTOR_SEARCH -> "\"hits\":[{";
            case MEMORY_RECALL -> "\"memories\":[{";
        };
        if (!answer.contains(expected)) {
            throw new IllegalStateException(op + " answered without " + expected + ": " + answer);
        }
    }
}
