package io.lumosdb.server;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Message;
import io.lumosdb.memory.MessageLog;
import io.lumosdb.vector.SideWrite;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorCollections;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A change to vector collections or agent memory, as the routes of {@code /v1/collections},
 * {@code /v1/memories} and {@code /v1/sessions/{session}/messages} make it and hand it to the {@link WriteExecutor}: run here by default, carried to
 * every node by an executor that replicates (lumos-cluster), which then applies it on each node with
 * {@link #applyTo}.
 *
 * <pre>{@code
 * StoreChange change = new StoreChange.Remember(Memory.text("Alice lives in Berlin").user("alice"), null);
 * StoreChange.Outcome o = change.applyTo(db, () -> memory, List.of());   // o.id(): the memory's id
 * }</pre>
 *
 * <p><b>Deterministic when given.</b> A remember or supersede chooses an id, a vector (the embedder) and a
 * clock (a message append, the clock). With {@link Given} (and {@link AppendMessages#now}) those are fixed (computed once, on one node) and {@link #applyTo} makes the same
 * change on every database that holds the same data ({@link AgentMemory#rememberAs}); without, it chooses them
 * itself, as a single server does.
 */
public sealed interface StoreChange {
    /** Opens (or returns) the agent memory a change needs; only memory changes ask for it. */
    @FunctionalInterface
    interface MemorySource {
        AgentMemory get() throws SQLException;
    }

    /**
     * What a change gave: a count (see each change), for remember and supersede the memory's id, and whether
     * the caller's statements were committed in the change's own transaction (see {@link #applyTo}).
     */
    record Outcome(long count, String id, boolean alsoCommitted) {
        static Outcome of(long count) {
            return new Outcome(count, null, false);
        }
    }

    /** What one node fixed for every node: the new memory's id, its embedding and the clock. */
    record Given(String id, float[] embedding, Instant now) {
        public Given {
            Objects.requireNonNull(id, "id");
            embedding = Objects.requireNonNull(embedding, "embedding").clone();
            Objects.requireNonNull(now, "now");
        }

        @Override
        public float[] embedding() {
            return embedding.clone();
        }
    }

    /** {@code PUT /v1/collections/{name}}; count 1 if made, 0 if it existed with the same spec (another is 409). */
    record CreateCollection(String name, VectorSpec spec) implements StoreChange {
        @Override
        public Outcome applyTo(LumosDB db, MemorySource memory, List<String> also) throws SQLException {
            VectorCollections all = db.vectors();
            synchronized (all) {
                if (all.exists(name)) {
                    VectorSpec had = all.open(name).spec();
                    if (had.dimensions() != spec.dimensions() || had.metric() != spec.metric()) {
                        throw new SQLIntegrityConstraintViolationException("collection '" + name + "' exists with " + had.dimensions()
                                + " dimensions and metric " + had.metric().name().toLowerCase(Locale.ROOT) + "; drop it first to change them", "23000");
                    }
                    return Outcome.of(0);
                }
                all.create(name, spec);
                return Outcome.of(1);
            }
        }
    }

    /** {@code DELETE /v1/collections/{name}}; count 1 if it existed. */
    record DropCollection(String name) implements StoreChange {
        @Override
        public Outcome applyTo(LumosDB db, MemorySource memory, List<String> also) throws SQLException {
            VectorCollections all = db.vectors();
            synchronized (all) {
                if (!all.exists(name)) {
                    return Outcome.of(0);
                }
                all.drop(name);
                return Outcome.of(1);
            }
        }
    }

    /** {@code PUT /v1/collections/{name}/points} (texts already embedded); count: the collection's size after. */
    record UpsertPoints(String collection, List<VectorRecord> points) implements StoreChange {
        public UpsertPoints {
            points = List.copyOf(points);
        }

        @Override
        public Outcome applyTo(LumosDB db, MemorySource memory, List<String> also) throws SQLException {
            VectorCollection c = existing(db, collection);
            c.change(points, List.of(), sideWrite(also));
            return new Outcome(c.size(), null, true);
        }
    }

    /** {@code DELETE /v1/collections/{name}/points/{id}}; count 1 if the point existed. */
    record DeletePoint(String collection, String id) implements StoreChange {
        @Override
        public Outcome applyTo(LumosDB db, MemorySource memory, List<String> also) throws SQLException {
            return new Outcome(existing(db, collection).change(List.of(), List.of(id), sideWrite(also)).size(), null, true);
        }
    }

    /** {@code POST /v1/memories}; id: the memory's (or the near-duplicate's it was merged into). */
    record Remember(Memory memory, Given given) implements StoreChange {
        @Override
        public Outcome applyTo(LumosDB db, MemorySource source, List<String> also) throws SQLException {
            AgentMemory m = source.get();
            if (given == null) {
                return new Outcome(1, m.remember(memory), false);
            }
            return new Outcome(1, m.rememberAs(memory, given.id(), given.embedding(), given.now(), sideWrite(also)), true);
        }
    }

    /** {@code DELETE /v1/memories/{id}}; count 1 if it existed. */
    record Forget(String id) implements StoreChange {
        @Override
        public Outcome applyTo(LumosDB db, MemorySource source, List<String> also) throws SQLException {
            return Outcome.of(source.get().forget(id) ? 1 : 0);
        }
    }

    /** {@code POST /v1/memories/{id}/supersede}; id: the replacement's. */
    record Supersede(String oldId, Memory replacement, Given given) implements StoreChange {
        @Override
        public Outcome applyTo(LumosDB db, MemorySource source, List<String> also) throws SQLException {
            AgentMemory m = source.get();
            if (given == null) {
                return new Outcome(1, m.supersede(oldId, replacement), false);
            }
            return new Outcome(1, m.supersedeAs(oldId, replacement, given.id(), given.embedding(), given.now(), sideWrite(also)), true);
        }
    }

    /**
     * {@code POST /v1/sessions/{session}/messages}; count: the log's size after. {@code now} (null: this
     * machine's clock) stamps the messages given without a time.
     */
    record AppendMessages(String session, List<Message> messages, Instant now) implements StoreChange {
        public AppendMessages {
            messages = List.copyOf(messages);
        }

        @Override
        public Outcome applyTo(LumosDB db, MemorySource source, List<String> also) throws SQLException {
            MessageLog log = source.get().messages(session);
            log.append(messages, now != null ? now : Instant.now(), tx -> {
                for (String sql : also) {
                    tx.update(sql);
                }
                return null;
            });
            return new Outcome(log.size(), null, true);
        }
    }

    /**
     * Makes the change on {@code db} (and its agent memory, from {@code memory}, for memory changes).
     * {@code also}, SQL statements without parameters (a replicated node records its log index so), are
     * committed in the change's own transaction for point upserts and deletes, message appends and a
     * remember or supersede with {@link Given} ({@link Outcome#alsoCommitted()}); the others (collection
     * create and drop, forget: each changes nothing more when made again) do not run them.
     *
     * @throws IllegalArgumentException for a change the data refuses (a vector of other dimensions, a memory
     *     superseded already, a collection that does not exist); nothing is changed
     * @throws SQLException if the database refuses it ({@link SQLIntegrityConstraintViolationException} for a
     *     collection that exists with another spec); nothing is changed
     */
    Outcome applyTo(LumosDB db, MemorySource memory, List<String> also) throws SQLException;

    private static SideWrite sideWrite(List<String> statements) {
        return statements.isEmpty() ? SideWrite.NONE : new SideWrite(Set.of(), c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    private static VectorCollection existing(LumosDB db, String name) throws SQLException {
        VectorCollections all = db.vectors();
        if (!all.exists(name)) {
            throw new IllegalArgumentException("no vector collection named '" + name + "'");
        }
        return all.open(name);
    }
}
