package io.lumosdb.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The data and the operations of {@link ServerLoadRunner}, shared by its two JVMs: the server's fills the
 * database and makes the embedded calls, the client's sends the same operations over HTTP. Call {@code i}
 * of an operation takes the same input on both sides (the same id, bound, query vector or question).
 */
final class LoadWorkload {
    static final String TABLE = "CREATE TABLE items(id INTEGER PRIMARY KEY, category INTEGER, price REAL, name TEXT)";
    static final String POINT_LOOKUP = "SELECT id, category, price, name FROM items WHERE id = ?";
    static final String ANALYTICAL = "SELECT category, count(*) AS n, sum(price) AS total, avg(price) AS average"
            + " FROM items WHERE price >= ? GROUP BY category ORDER BY category";
    static final String COLLECTION = "docs";
    static final int K = 10;
    private static final int QUERY_VECTORS = 256;

    /** The four operations measured, each with its HTTP route. */
    enum Operation {
        POINT_LOOKUP("point lookup (`POST /v1/sql`, a parameter)", "/v1/sql"),
        ANALYTICAL("analytical query (grouped aggregate)", "/v1/sql"),
        VECTOR_SEARCH("vector search (k = 10)", "/v1/collections/" + COLLECTION + "/search"),
        MEMORY_RECALL("memory recall (k = 10, a user's scope)", "/v1/memories/recall");

        final String title;
        final String path;

        Operation(String title, String path) {
            this.title = title;
            this.path = path;
        }
    }

    final int rows;
    final int vectors;
    final int dims;
    final int users;
    final float[][] queryVectors;
    final List<ConversationSet.Question> questions;
    final ConversationSet conversations;

    LoadWorkload(int rows, int vectors, int dims, int users) {
        if (rows < 1 || vectors < 1 || dims < 1 || users < 1) {
            throw new IllegalArgumentException("rows, vectors, dimensions and users must be >= 1, were "
                    + rows + ", " + vectors + ", " + dims + ", " + users);
        }
        this.rows = rows;
        this.vectors = vectors;
        this.dims = dims;
        this.users = users;
        SplittableRandom random = new SplittableRandom(42);
        this.queryVectors = new float[QUERY_VECTORS][];
        for (int q = 0; q < QUERY_VECTORS; q++) {
            queryVectors[q] = vector(random);
        }
        this.conversations = new ConversationSet(users, 11);
        this.questions = conversations.questions;
    }

    /** The arguments that rebuild this workload in another JVM. */
    String[] arguments() {
        return new String[] {Integer.toString(rows), Integer.toString(vectors), Integer.toString(dims), Integer.toString(users)};
    }

    static LoadWorkload of(String[] args, int from) {
        return new LoadWorkload(Integer.parseInt(args[from]), Integer.parseInt(args[from + 1]), Integer.parseInt(args[from + 2]),
                Integer.parseInt(args[from + 3]));
    }

    float[] vector(SplittableRandom random) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    /** The id call {@code i} looks up: spread over the whole table (a multiplicative hash of i). */
    long pointId(long i) {
        return 1 + Math.floorMod(i * 0x9E3779B97F4A7C15L, (long) rows);
    }

    /** The lower price bound of analytical call {@code i}: 0 to 9, so each call reads most of the table. */
    double minPrice(long i) {
        return i % 10;
    }

    float[] queryVector(long i) {
        return queryVectors[(int) (i % QUERY_VECTORS)];
    }

    ConversationSet.Question question(long i) {
        return questions.get((int) (i % questions.size()));
    }

    static String user(int persona) {
        return "u" + persona;
    }

    /** The JSON body of HTTP call {@code i} of {@code op}. */
    String body(Operation op, long i) {
        return switch (op) {
            case POINT_LOOKUP -> "{\"sql\": \"" + POINT_LOOKUP + "\", \"params\": [" + pointId(i) + "]}";
            case ANALYTICAL -> "{\"sql\": \"" + ANALYTICAL + "\", \"params\": [" + minPrice(i) + "]}";
            case VECTOR_SEARCH -> {
                StringBuilder b = new StringBuilder(dims * 12 + 32).append("{\"k\": ").append(K).append(", \"vector\": [");
                float[] v = queryVector(i);
                for (int d = 0; d < v.length; d++) {
                    b.append(d == 0 ? "" : ",").append(v[d]);
                }
                yield b.append("]}").toString();
            }
            case MEMORY_RECALL -> {
                ConversationSet.Question q = question(i);
                yield String.format(Locale.ROOT, "{\"query\": \"%s\", \"user\": \"%s\", \"k\": %d}", jsonText(q.text()), user(q.persona()), K);
            }
        };
    }

    private static String jsonText(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
