package io.lumosdb.memory;

import io.lumosdb.vector.MetadataFilter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to recall: a query, a scope, how many, and optional time and kind filters. Immutable; each method
 * returns a new request.
 *
 * <pre>{@code
 * List<Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice").k(5)
 *         .since(Instant.parse("2024-01-01T00:00:00Z"))      // happened at or after
 *         .kinds(MemoryKind.FACT, MemoryKind.EVENT));
 * List<Recalled> then = memory.recall(Recall.query("Where does Alice live?").user("alice")
 *         .validAt(Instant.parse("2023-06-01T00:00:00Z")));   // what was true then, superseded or not
 * }</pre>
 *
 * <p>Scopes (user, agent, session, any combination) must match exactly: a recall for user "alice" never
 * sees another user's memories. Superseded memories are left out unless {@link #includeSuperseded()} or
 * {@link #validAt} is used; expired ones are always left out.
 */
public final class Recall {
    private final String query;
    private final String user;
    private final String agent;
    private final String session;
    private final int k;
    private final Instant since;
    private final Instant until;
    private final Instant validAt;
    private final Instant asOf;
    private final Set<MemoryKind> kinds;
    private final boolean includeSuperseded;
    private final MetadataFilter filter;
    private final RecallWeights weights;

    private Recall(String query, String user, String agent, String session, int k, Instant since, Instant until, Instant validAt,
            Instant asOf, Set<MemoryKind> kinds, boolean includeSuperseded, MetadataFilter filter, RecallWeights weights) {
        this.query = query;
        this.user = user;
        this.agent = agent;
        this.session = session;
        this.k = k;
        this.since = since;
        this.until = until;
        this.validAt = validAt;
        this.asOf = asOf;
        this.kinds = kinds;
        this.includeSuperseded = includeSuperseded;
        this.filter = filter;
        this.weights = weights;
    }

    /**
     * The 10 memories most relevant to {@code query}, in every scope, with the memory's default weights.
     *
     * @throws IllegalArgumentException for an empty query or one over {@value Memory#MAX_TEXT_CHARS} characters
     */
    public static Recall query(String query) {
        return new Recall(Memory.checkText(query), null, null, null, 10, null, null, null, null, null, false, null, null);
    }

    public Recall user(String user) {
        return new Recall(query, Memory.scope("user", user), agent, session, k, since, until, validAt, asOf, kinds,
                includeSuperseded, filter, weights);
    }

    public Recall agent(String agent) {
        return new Recall(query, user, Memory.scope("agent", agent), session, k, since, until, validAt, asOf, kinds,
                includeSuperseded, filter, weights);
    }

    public Recall session(String session) {
        return new Recall(query, user, agent, Memory.scope("session", session), k, since, until, validAt, asOf, kinds,
                includeSuperseded, filter, weights);
    }

    /** How many memories at most (1 to 1,000; default 10). */
    public Recall k(int k) {
        if (k < 1 || k > 1_000) {
            throw new IllegalArgumentException("k must be 1 to 1,000, was " + k);
        }
        return new Recall(query, user, agent, session, k, since, until, validAt, asOf, kinds, includeSuperseded, filter, weights);
    }

    /** Only memories that happened at or after {@code since}. */
    public Recall since(Instant since) {
        return new Recall(query, user, agent, session, k, Objects.requireNonNull(since, "since"), until, validAt, asOf, kinds,
                includeSuperseded, filter, weights);
    }

    /** Only memories that happened before {@code until}. */
    public Recall until(Instant until) {
        return new Recall(query, user, agent, session, k, since, Objects.requireNonNull(until, "until"), validAt, asOf, kinds,
                includeSuperseded, filter, weights);
    }

    /**
     * Only memories that were valid at {@code instant}: happened at or before it and not superseded by then
     * (superseded ones included): "what did we believe then?"
     */
    public Recall validAt(Instant instant) {
        return new Recall(query, user, agent, session, k, since, until, Objects.requireNonNull(instant, "validAt"), asOf, kinds,
                includeSuperseded, filter, weights);
    }

    /** Measure recency from {@code now} instead of the clock (for replays and evaluations). */
    public Recall asOf(Instant now) {
        return new Recall(query, user, agent, session, k, since, until, validAt, Objects.requireNonNull(now, "asOf"), kinds,
                includeSuperseded, filter, weights);
    }

    /** Only memories of these kinds. */
    public Recall kinds(MemoryKind... kinds) {
        if (kinds.length == 0) {
            throw new IllegalArgumentException("name at least one kind");
        }
        return new Recall(query, user, agent, session, k, since, until, validAt, asOf, EnumSet.of(kinds[0], kinds), includeSuperseded,
                filter, weights);
    }

    /** Superseded memories too (their {@link Recalled#supersededBy()} says by what). */
    public Recall includeSuperseded() {
        return new Recall(query, user, agent, session, k, since, until, validAt, asOf, kinds, true, filter, weights);
    }

    /**
     * Only memories whose fields satisfy {@code predicate}: metadata names and the store's own fields
     * ({@code user}, {@code agent}, {@code session}, {@code kind}, {@code importance}, {@code at} in epoch
     * milliseconds), compared with constants and combined with AND/OR/NOT; nothing else is accepted
     * ({@link MetadataFilter}). Null or blank for none.
     *
     * <p>The predicate is parsed here, on its own, as one complete filter, and recall joins it to the scope,
     * expiry and validity conditions as a tree: it can only narrow what the scope selects, whatever its text.
     *
     * @throws IllegalArgumentException if it is not one complete filter, naming what is wrong and where, or if
     *     it crosses a limit of {@link MetadataFilter}
     */
    public Recall filter(String predicate) {
        return new Recall(query, user, agent, session, k, since, until, validAt, asOf, kinds, includeSuperseded,
                predicate == null || predicate.isBlank() ? null : MetadataFilter.parse(predicate), weights);
    }

    /** How the parts of the score are combined (default: the store's). */
    public Recall weights(RecallWeights weights) {
        return new Recall(query, user, agent, session, k, since, until, validAt, asOf, kinds, includeSuperseded, filter,
                Objects.requireNonNull(weights, "weights"));
    }

    /** The same request for another wording of the question (a rewrite by the chat model). */
    Recall rewordedAs(String rewritten) {
        return new Recall(Memory.checkText(rewritten), user, agent, session, k, since, until, validAt, asOf, kinds, includeSuperseded,
                filter, weights);
    }

    public String query() {
        return query;
    }

    public String user() {
        return user;
    }

    public String agent() {
        return agent;
    }

    public String session() {
        return session;
    }

    public int k() {
        return k;
    }

    Instant since() {
        return since;
    }

    Instant until() {
        return until;
    }

    Instant validAt() {
        return validAt;
    }

    Instant asOf() {
        return asOf;
    }

    Set<MemoryKind> kinds() {
        return kinds;
    }

    boolean superseded() {
        return includeSuperseded;
    }

    /** The caller's own filter, parsed; null for none. */
    MetadataFilter filter() {
        return filter;
    }

    RecallWeights weights() {
        return weights;
    }

    @Override
    public String toString() {
        return "Recall[" + query + ", user=" + user + ", agent=" + agent + ", session=" + session + ", k=" + k + "]";
    }
}
