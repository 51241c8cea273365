package io.lumosdb.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.SlowQuery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The most recent slow statements of the whole server, for {@code GET /v1/admin/slow-queries} and the
 * console's dashboard: the database the server opens tells this ring of every statement its slow-query log
 * writes ({@code LumosDBBuilder.slowQueryListener}), literals already replaced by {@code ?}. Bounded: the
 * oldest is dropped once {@link #CAPACITY} are kept. A database given to the server by its caller tells it
 * nothing (the caller chose its listener), so the list stays empty.
 */
final class SlowQueries implements Consumer<SlowQuery> {
    /** How many are kept. */
    static final int CAPACITY = 100;

    private final ArrayDeque<SlowQuery> recent = new ArrayDeque<>(CAPACITY);
    private final Duration threshold;

    /** @param threshold the slow-query threshold of the database the server opened; null if it opened none */
    SlowQueries(Duration threshold) {
        this.threshold = threshold;
    }

    @Override
    public synchronized void accept(SlowQuery slow) {
        if (recent.size() == CAPACITY) {
            recent.removeLast();
        }
        recent.addFirst(slow);
    }

    /** The kept statements, newest first. */
    synchronized List<SlowQuery> newestFirst() {
        return new ArrayList<>(recent);
    }

    /** {@code GET /v1/admin/slow-queries}. */
    void list(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (threshold == null) {
            out.putNull("thresholdMs");
        } else {
            out.put("thresholdMs", threshold.toMillis());
        }
        out.put("capacity", CAPACITY);
        ArrayNode queries = out.putArray("queries");
        for (SlowQuery q : newestFirst()) {
            queries.addObject().put("at", q.at().toString()).put("kind", q.kind()).put("route", q.route()).put("reason", q.reason())
                    .put("elapsedMs", q.elapsedMs()).put("rows", q.rows()).put("sql", q.sql());
        }
        ctx.contentType("application/json").result(Json.write(out));
    }
}
