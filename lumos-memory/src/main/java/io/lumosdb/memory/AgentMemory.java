package io.lumosdb.memory;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.memory.MemoryTelemetry.EmbedFor;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.SideWrite;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import io.lumosdb.vector.VectorRecord;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-term memory for an AI agent, in the agent's own embedded database: remember texts, recall them by
 * meaning, keywords, recency and importance, supersede facts that changed (keeping their history) and
 * forget for good. No server, no API key, no network with the default embedder.
 *
 * <pre>{@code
 * try (LumosDB db = LumosDB.open(Path.of("agent-data"));
 *      AgentMemory memory = AgentMemory.open(db)) {               // default embedder: all-MiniLM-L6-v2, offline
 *     String id = memory.remember(Memory.text("Alice moved to Berlin in May 2023")
 *             .user("alice").agent("planner").session("s-42").at(Instant.parse("2023-05-08T13:56:00Z"))
 *             .kind(MemoryKind.FACT).importance(0.8).ttl(Duration.ofDays(90)).metadata("source", "chat"));
 *     List<Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice").k(5));
 *     memory.supersede(id, Memory.text("Alice moved to Munich in 2024"));   // the old one stays as history
 *     memory.forget(id);                                                    // text, vector, index, cache: gone
 *     memory.forgetWhere("user = 'alice'");
 *     memory.messages("s-42").append(Message.user("hi"));
 *     TranscriptMemories m = memory.rememberSession(Transcript.of("s-43", messages).user("alice")); // a whole session
 * }
 * }</pre>
 *
 * <p><b>Storage.</b> Each memory is a row of SQLite table {@code lumos_memories} (replicated to DuckDB for
 * analytics) and a vector in collection {@code lumos_memory} (HNSW graph, BM25 keyword index), both written
 * in one transaction. Near-duplicates in the same scope are merged into the memory already there
 * ({@link Recalled#seen()} counts them). Expired memories are never recalled and are deleted by a
 * background thread ({@code lumos-memory-expiry}).
 *
 * <p><b>Metrics.</b> On a database opened with metrics ({@link LumosDB#metrics()}) recalls, writes and embedder
 * calls are timed in the database's registry (docs/observability.md, "Metrics of the agent memory").
 *
 * <p>Thread-safe: writes are serialized, recalls run concurrently with them and see every write that
 * returned before they began.
 */
public final class AgentMemory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMemory.class);

    private final LumosDB db;
    private final Embedder embedder;
    private final AgentMemoryEmbeddings embeddings;
    private final MemoryTelemetry telemetry;
    private final RecallWeights weights;
    private final double duplicateThreshold;
    private final VectorCollection vectors;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ExpirySweeper sweeper;
    private final FactExtractor facts;
    private final QuestionRewriter rewriter;
    private final Speakers speakers;

    AgentMemory(AgentMemoryBuilder b, Embedder embedder, VectorCollection vectors) {
        this.db = b.db;
        this.embedder = embedder;
        this.telemetry = MemoryTelemetry.of(b.db);
        this.embeddings = new AgentMemoryEmbeddings(embedder, b.db.cache().embeddings(), telemetry);
        this.weights = b.weights;
        this.duplicateThreshold = b.duplicateThreshold;
        this.vectors = vectors;
        this.sweeper = new ExpirySweeper(this::forgetExpired, b.expiryCheck);
        this.speakers = Speakers.of(vectors);
        this.facts = b.chatModel != null && b.extractFacts ? new FactExtractor(b.chatModel) : null;
        this.rewriter = b.chatModel != null && b.rewriteQuestions ? new QuestionRewriter(b.chatModel) : null;
    }

    /**
     * The agent memory of {@code db} with the default embedder ({@link Embedder#byDefault()}) and settings.
     *
     * @throws IllegalStateException if no default embedder is on the class path, or the store was built with another
     * @throws SQLException if the tables cannot be created
     */
    public static AgentMemory open(LumosDB db) throws SQLException {
        return builder(db).open();
    }

    public static AgentMemoryBuilder builder(LumosDB db) {
        return new AgentMemoryBuilder(db);
    }

    public Embedder embedder() {
        return embedder;
    }

    /** The vector collection holding the memories' vectors ({@code vectors_lumos_memory} in SQL). */
    public VectorCollection vectors() {
        return vectors;
    }

    // ---------------------------------------------------------------- remember

    /**
     * Stores {@code memory} and returns its id; when a current memory of the same scope says the same
     * thing (see {@link AgentMemoryBuilder#duplicateThreshold}), that one is updated instead (time, importance,
     * expiry, metadata) and its id returned. A memory with metadata field {@code speaker}, or whose text starts
     * like a line of a dialogue ({@code "Priya: I painted..."}), is taken as said by that person: embedded
     * without the {@code "Name: "} prefix and matched by name at recall (docs/agent-memory.md says why).
     *
     * @throws SQLException if the database refuses the write (nothing is stored) or is closed
     */
    public String remember(Memory memory) throws SQLException {
        return rememberAll(List.of(Objects.requireNonNull(memory, "memory"))).get(0);
    }

    /**
     * Stores several memories in one transaction, embedded in batches: the fast path. Returns their ids in
     * order (a near-duplicate gets the id of the memory it was merged into).
     *
     * @throws SQLException if the database refuses the write; nothing is stored
     */
    public List<String> rememberAll(List<Memory> memories) throws SQLException {
        requireOpen();
        long start = System.nanoTime();
        List<Memory> ms = List.copyOf(memories);
        List<float[]> embedded = embeddings.embed(ms.stream().map(AgentMemory::embeddedText).toList(), EmbedFor.REMEMBER);
        List<String> ids = store(ms, embedded, null, Instant.now(), SideWrite.NONE);
        telemetry.remembered(MemoryTelemetry.Write.REMEMBER, System.nanoTime() - start);
        return ids;
    }

    /**
     * The vector {@link #remember} stores for {@code memory} (a line of dialogue embedded without its
     * {@code "Name: "} prefix), computed by this memory's embedder without storing anything. A replicated
     * deployment computes it once, on one node, and passes it to {@link #rememberAs} on every node.
     */
    public float[] embeddingOf(Memory memory) {
        return embeddings.embed(List.of(embeddedText(Objects.requireNonNull(memory, "memory"))), EmbedFor.REMEMBER).get(0);
    }

    /**
     * {@link #remember} with what it would choose given: the memory's {@code id}, its {@code embedding}
     * ({@link #embeddingOf}, computed elsewhere: the embedder does not run) and the clock {@code now}; and the
     * caller's {@code also} committed in the same transaction. The same call on several databases holding the
     * same memories stores the same: the near-duplicate check compares exactly (a scan of the scope's current
     * memories, not a graph walk, whose graph differs between databases) at {@code now}. Returns the id stored,
     * or that of the memory it was merged into. Lumos-DB's cluster applies a replicated remember this way.
     *
     * <pre>{@code
     * float[] v = leader.embeddingOf(m);                            // once
     * memory.rememberAs(m, id, v, now, SideWrite.NONE);             // on every node
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code embedding} has not the store's dimensions; nothing is stored
     * @throws SQLException if the database refuses the write, or {@code also} throws; nothing is stored
     */
    public String rememberAs(Memory memory, String id, float[] embedding, Instant now, SideWrite also) throws SQLException {
        requireOpen();
        long start = System.nanoTime();
        String stored = store(List.of(Objects.requireNonNull(memory, "memory")), List.of(checked(embedding)),
                Objects.requireNonNull(id, "id"), Objects.requireNonNull(now, "now"), Objects.requireNonNull(also, "also")).get(0);
        telemetry.remembered(MemoryTelemetry.Write.REMEMBER, System.nanoTime() - start);
        return stored;
    }

    private static String embeddedText(Memory m) {
        return Speakers.saidBy(m) != null ? TranscriptIndexer.embedded(m.text()) : m.text();
    }

    private float[] checked(float[] embedding) {
        Objects.requireNonNull(embedding, "embedding");
        if (embedding.length != vectors.spec().dimensions()) {
            throw new IllegalArgumentException("an embedding of " + embedding.length + " dimensions given to a memory of "
                    + vectors.spec().dimensions() + " (" + embedder.modelId() + ")");
        }
        return embedding.clone();
    }

    /**
     * Stores {@code ms} with their vectors in one transaction with {@code also}. {@code givenId}: the id of the
     * one memory, and near-duplicates found exactly (the replicated path); null: random ids, the planned search.
     */
    private List<String> store(List<Memory> ms, List<float[]> embedded, String givenId, Instant now, SideWrite also) throws SQLException {
        List<String> saidBy = ms.stream().map(Speakers::saidBy).toList();
        writeLock.lock();
        try {
            Map<String, VectorRecord> records = new LinkedHashMap<>();
            List<String> ids = new ArrayList<>(ms.size());
            for (int i = 0; i < ms.size(); i++) {
                Memory m = ms.get(i);
                float[] v = embedded.get(i);
                Map<String, Object> fields = MemoryFields.of(m, now);
                if (saidBy.get(i) != null) {
                    fields.putIfAbsent(MemoryFields.SPEAKER, saidBy.get(i));
                    speakers.add(m.user(), saidBy.get(i));
                }
                VectorRecord same = duplicateOf(m, v, records.values(), now, givenId != null);
                if (same != null) {
                    records.put(same.id(), new VectorRecord(same.id(), same.vector(), NearDuplicates.merged(same.metadata(), fields)));
                    ids.add(same.id());
                } else {
                    String id = givenId != null ? givenId : UUID.randomUUID().toString();
                    records.put(id, new VectorRecord(id, v, fields));
                    ids.add(id);
                }
            }
            write(new ArrayList<>(records.values()), List.of(), also);
            return ids;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Remembers a session of a conversation in one call and one transaction: the memory indexes exchanges, not
     * lone messages (a question with its answer, a short reaction with what it reacts to; see
     * docs/agent-memory.md), each as {@code "Speaker: text"} lines with the time of the message that carries it,
     * its speaker in metadata field {@code speaker} and the indexes of its messages in {@code messages}. Returns,
     * for each message, the id of the memory holding it. Exchanges are not merged as near-duplicates (each was said
     * at its own time). With a chat model ({@link AgentMemoryBuilder#chatModel}), facts are also extracted from the
     * session and added, updated or deleted against the memories already there (as mem0 does).
     *
     * @throws SQLException if the database refuses the write; nothing is stored
     */
    public TranscriptMemories rememberSession(Transcript transcript) throws SQLException {
        requireOpen();
        Objects.requireNonNull(transcript, "transcript");
        long start = System.nanoTime();
        List<TranscriptIndexer.Exchange> exchanges = TranscriptIndexer.exchanges(transcript);
        Instant now = Instant.now();
        List<float[]> vectors = embeddings.embed(exchanges.stream().map(TranscriptIndexer.Exchange::embedded).toList(), EmbedFor.REMEMBER);
        List<VectorRecord> records = new ArrayList<>(exchanges.size());
        String[] ids = new String[transcript.messages().size()];
        for (int i = 0; i < exchanges.size(); i++) {
            TranscriptIndexer.Exchange e = exchanges.get(i);
            Memory m = Memory.text(e.text()).kind(MemoryKind.EVENT).at(e.at() != null ? e.at() : now);
            m = transcript.user() != null ? m.user(transcript.user()) : m;
            m = transcript.agent() != null ? m.agent(transcript.agent()) : m;
            Map<String, Object> fields = MemoryFields.of(m.session(transcript.session()), now);
            fields.put(MemoryFields.SPEAKER, e.speaker());
            fields.put(MemoryFields.MESSAGES, e.messages());
            String id = UUID.randomUUID().toString();
            records.add(new VectorRecord(id, vectors.get(i), fields));
            e.messages().forEach(j -> ids[j] = id);
        }
        writeLock.lock();
        try {
            write(records, List.of(), SideWrite.NONE);
            exchanges.forEach(e -> speakers.add(transcript.user(), e.speaker()));
        } finally {
            writeLock.unlock();
        }
        telemetry.remembered(MemoryTelemetry.Write.SESSION, System.nanoTime() - start); // fact extraction (a chat model) not included
        if (facts != null) {
            facts.extract(this, transcript);
        }
        return new TranscriptMemories(List.of(ids));
    }

    /** A current memory of the scope of {@code m} that says the same, among this batch and the store. */
    private VectorRecord duplicateOf(Memory m, float[] v, Collection<VectorRecord> batch, Instant now, boolean exactly) throws SQLException {
        if (duplicateThreshold > 1) {
            return null;
        }
        for (VectorRecord r : batch) {
            if (MemoryFields.sameScope(r.metadata(), m)
                    && NearDuplicates.same(NearDuplicates.cosine(r.vector(), v), duplicateThreshold, (String) r.metadata().get("text"), m.text())) {
                return r;
            }
        }
        SearchRequest near3 = SearchRequest.of(v).k(3).filter(MemoryFields.sameScopeCurrent(m.user(), m.agent(), m.session(), now.toEpochMilli()));
        List<VectorHit> near = vectors.search(exactly ? near3.exact() : near3);
        for (VectorHit h : near) {
            if (NearDuplicates.same(h.score(), duplicateThreshold, (String) h.metadata().get(MemoryFields.TEXT), m.text())) {
                Optional<VectorRecord> stored = vectors.get(h.id());
                if (stored.isPresent()) {
                    return stored.get();
                }
            }
        }
        return null;
    }

    /**
     * Replaces memory {@code oldId} by {@code replacement}, keeping the old one as history: it gets
     * {@code valid_to} (the replacement's time) and {@code superseded_by}, and is left out of recall unless
     * asked for ({@link Recall#includeSuperseded()}, {@link Recall#validAt}). The replacement takes the old
     * memory's scope where it names none. Returns the replacement's id.
     *
     * @throws IllegalArgumentException if {@code oldId} is not a stored memory, or was superseded already
     * @throws SQLException if the database refuses the write; nothing is changed
     */
    public String supersede(String oldId, Memory replacement) throws SQLException {
        requireOpen();
        Objects.requireNonNull(replacement, "replacement");
        return supersede(oldId, replacement, UUID.randomUUID().toString(), null, Instant.now(), SideWrite.NONE);
    }

    /**
     * {@link #supersede} with what it would choose given: the replacement's {@code id}, its {@code embedding}
     * (the embedder's vector of {@code replacement.text()}, computed elsewhere) and the clock {@code now}; and
     * the caller's {@code also} committed in the same transaction. The same call on several databases holding
     * the same memories changes them the same way (Lumos-DB's cluster applies a replicated supersede so).
     *
     * @throws IllegalArgumentException as {@link #supersede}, or for an embedding not of the store's dimensions
     * @throws SQLException if the database refuses the write, or {@code also} throws; nothing is changed
     */
    public String supersedeAs(String oldId, Memory replacement, String id, float[] embedding, Instant now, SideWrite also) throws SQLException {
        requireOpen();
        return supersede(oldId, Objects.requireNonNull(replacement, "replacement"), Objects.requireNonNull(id, "id"), checked(embedding),
                Objects.requireNonNull(now, "now"), Objects.requireNonNull(also, "also"));
    }

    /** Supersedes {@code oldId}; a null {@code embedding} is computed here. */
    private String supersede(String oldId, Memory replacement, String id, float[] embedding, Instant now, SideWrite also) throws SQLException {
        long start = System.nanoTime();
        writeLock.lock();
        try {
            VectorRecord old = vectors.get(Objects.requireNonNull(oldId, "oldId"))
                    .orElseThrow(() -> new IllegalArgumentException("no memory with id " + oldId));
            Recalled before = MemoryFields.recalled(oldId, old.metadata());
            if (!before.current()) {
                throw new IllegalArgumentException("memory " + oldId + " was superseded already, by " + before.supersededBy()
                        + "; supersede that one");
            }
            Memory m = replacement.withScopeOf(before);
            Map<String, Object> fields = MemoryFields.of(m, now);
            Map<String, Object> retired = new LinkedHashMap<>(old.metadata());
            retired.put(MemoryFields.VALID_TO, Math.max(MemoryFields.millis(fields, MemoryFields.AT), before.at().toEpochMilli()));
            retired.put(MemoryFields.SUPERSEDED_BY, id);
            write(List.of(new VectorRecord(id, embedding != null ? embedding : embeddings.embed(List.of(m.text()), EmbedFor.REMEMBER).get(0),
                    fields), new VectorRecord(oldId, old.vector(), retired)), List.of(), also);
            telemetry.remembered(MemoryTelemetry.Write.SUPERSEDE, System.nanoTime() - start);
            return id;
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- recall

    /**
     * The memories most relevant to the request, best first, each with its score and the score's parts.
     *
     * @throws IllegalArgumentException for an invalid filter
     * @throws SQLException if the database cannot be read or is closed
     */
    public List<Recalled> recall(Recall recall) throws SQLException {
        return recall(recall, rewriter);
    }

    /** Recall, the question rewritten by {@code rewriter} first unless it is null (fact extraction recalls as asked). */
    List<Recalled> recall(Recall recall, QuestionRewriter rewriter) throws SQLException {
        requireOpen();
        Objects.requireNonNull(recall, "recall");
        long start = System.nanoTime();
        long clock = System.currentTimeMillis();
        String filter = MemoryFields.filter(recall, clock);
        Recall r = rewriter != null ? recall.rewordedAs(rewriter.rewrite(recall.query())) : recall;
        float[] query = embeddings.embed(List.of(speakers.strip(r.query(), r.user())), EmbedFor.RECALL).get(0);
        long now = r.asOf() != null ? r.asOf().toEpochMilli() : clock;
        List<Recalled> ranked = RecallRanker.rank(vectors, query, r, filter, r.weights() != null ? r.weights() : weights, now);
        telemetry.recalled(r.superseded() || r.validAt() != null, System.nanoTime() - start);
        return ranked;
    }

    /** The memory {@code id}, current or superseded, if it is stored (and not expired). */
    public Optional<Recalled> get(String id) throws SQLException {
        requireOpen();
        return MemoryVersions.get(vectors, Objects.requireNonNull(id, "id"));
    }

    /** The versions of the fact {@code id} belongs to, oldest first: what it superseded and what superseded it. */
    public List<Recalled> history(String id) throws SQLException {
        requireOpen();
        return MemoryVersions.history(vectors, id);
    }

    // ---------------------------------------------------------------- forget

    /**
     * Forgets memory {@code id} for good: its row, its vector and keyword index entry, and its cached
     * embedding. Returns whether it existed.
     *
     * @throws SQLException if the database refuses the write; nothing is deleted
     */
    public boolean forget(String id) throws SQLException {
        requireOpen();
        return forgetAll(List.of(Objects.requireNonNull(id, "id"))) == 1;
    }

    /**
     * Forgets every memory whose fields satisfy {@code predicate} (the language of {@link Recall#filter}:
     * {@code user}, {@code agent}, {@code session}, {@code kind}, {@code importance}, {@code at}, metadata
     * names), in one transaction. Returns how many.
     *
     * <pre>{@code
     * memory.forgetWhere("user = 'alice'");                       // right to be forgotten
     * memory.forgetWhere("session = 's-42' AND importance < 0.2");
     * }</pre>
     *
     * @throws IllegalArgumentException for an invalid predicate; nothing is deleted
     * @throws SQLException if the database refuses the write; nothing is deleted
     */
    public int forgetWhere(String predicate) throws SQLException {
        requireOpen();
        if (predicate == null || predicate.isBlank()) {
            throw new IllegalArgumentException("forgetWhere needs a predicate; to forget everything, say so: \"at >= 0\"");
        }
        return forgetAll(vectors.ids(predicate));
    }

    private int forgetAll(List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        writeLock.lock();
        try {
            List<String> texts = new ArrayList<>(ids.size());
            for (String id : ids) {
                vectors.metadata(id).ifPresent(f -> texts.add((String) f.get(MemoryFields.TEXT)));
            }
            int gone = write(List.of(), ids, SideWrite.NONE).size();
            embeddings.cache().forgetAll(texts);
            return gone;
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes the memories whose time to live has passed; returns how many. Runs by itself in the background. */
    public int forgetExpired() throws SQLException {
        if (db.isClosed()) {
            return 0;
        }
        return forgetAll(vectors.ids(MemoryFields.EXPIRES + " <= " + System.currentTimeMillis()));
    }

    // ---------------------------------------------------------------- messages and analytics

    /** The conversation log of {@code session}. */
    public MessageLog messages(String session) {
        return new MessageLog(db, session);
    }

    /** Memories stored (current, superseded and not yet swept expired ones). */
    public int size() {
        return vectors.size();
    }

    /**
     * Runs an analytical query over the memory tables (on DuckDB when large), e.g. memories per user per day:
     * {@code SELECT user_id, CAST(at AS DATE) AS day, count(*) FROM lumos_memories GROUP BY 1, 2}.
     */
    public QueryResult analyze(String sql, Object... args) throws SQLException {
        return db.query(sql, args);
    }

    // ---------------------------------------------------------------- plumbing

    /** One transaction: the vectors, the rows of {@code lumos_memories} and the caller's {@code also}. Returns the ids deleted. */
    private List<String> write(List<VectorRecord> upserts, List<String> deletes, SideWrite also) throws SQLException {
        return MemoryTables.write(vectors, upserts, deletes, also);
    }

    private void requireOpen() throws SQLException {
        if (db.isClosed()) {
            throw new SQLNonTransientConnectionException("agent memory: the database " + db.directory() + " is closed", "08003");
        }
    }

    /** Waits until a sweep for expired memories that began after this call has finished (for tests). */
    boolean awaitExpirySweep(Duration timeout) throws InterruptedException {
        return sweeper.awaitSweep(timeout);
    }

    /** Stops the expiry thread and removes the memory's meters; the database stays open (close it yourself). */
    @Override
    public void close() {
        sweeper.close();
        telemetry.close();
    }

    @Override
    public String toString() {
        return "AgentMemory[" + vectors.size() + " memories, " + embedder + "]";
    }
}
