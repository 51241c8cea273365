package io.lumosdb.server;

import io.lumosdb.LumosDB;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API keys of a database directory: made, listed and revoked here (by {@code lumos keys} on a
 * directory no server holds, or by the server's {@code /v1/admin/keys}), checked on every request.
 *
 * <pre>{@code
 * try (LumosDB db = LumosDB.open(dir); ApiKeys keys = ApiKeys.open(db)) {
 *     ApiKeys.Issued k = keys.create(Role.READ, "dashboard", null, null);
 *     log.info("new key: {}", k.secret());      // shown once; only its SHA-256 is stored
 * }
 * }</pre>
 *
 * <p>Design: a key is {@code lumos_<id>_<secret>}, 16 hex digits of id and 256 random bits of secret.
 * Only the SHA-256 of the whole key is stored; a presented key is found by its id and its hash compared
 * in constant time ({@link MessageDigest#isEqual}). The keys live in {@code lumos-keys.sqlite} in the
 * database directory, a file of its own rather than a table: every table of the database is readable
 * by SQL (Lumos-DB's own {@code _lumos_} tables are protected from writes only), and no read key should
 * see who else holds keys. No SQL reaches the file ({@code ATTACH} is refused, DuckDB is sandboxed), and
 * backups, which copy the database for others to restore, do not carry credentials. Whoever holds the
 * directory (its {@link LumosDB} lock) is the only writer, so the keys held in memory are the truth and
 * a change is effective at once.
 */
public final class ApiKeys implements AutoCloseable {
    /** The key file in the database directory. */
    public static final String FILE = "lumos-keys.sqlite";
    private static final String PREFIX = "lumos_";
    private static final Pattern SHAPE = Pattern.compile("lumos_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key just made: the stored record and the secret, which is never shown again. */
    public record Issued(ApiKey key, String secret) {
        /** The SHA-256 of the secret: what a key file stores, and what a replicated key file receives. */
        public byte[] sha256() {
            return ApiKeys.sha256(secret);
        }
    }

    /** A key as a key file stores it: the record and the SHA-256 of its secret (for replicating key files). */
    public record Stored(ApiKey key, byte[] sha256) {
        public Stored {
            Objects.requireNonNull(key, "key");
            sha256 = Objects.requireNonNull(sha256, "sha256").clone();
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a key's SHA-256 has 32 bytes, had " + sha256.length);
            }
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }

    private static final int KEY_LENGTH = PREFIX.length() + 16 + 1 + 43;

    /**
     * A key as stored, and the last presentation of it that was verified. The verified form lets the next
     * request with the same key skip the shape check and the SHA-256 (a fifth of a point lookup's server
     * time under load): it is compared in constant time with what is presented. It is held by the key's own
     * entry, so there is at most one per key, and revoking the key drops it with the entry.
     */
    private record Entry(ApiKey key, byte[] hash, byte[] verified) {
        Entry verifiedAs(byte[] presented) {
            return new Entry(key, hash, presented);
        }
    }

    private final Connection connection;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    private ApiKeys(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS api_keys(id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
                    + " user_id TEXT, collections TEXT, sha256 BLOB NOT NULL, created TEXT NOT NULL)");
            try (ResultSet rs = st.executeQuery("SELECT id, name, role, user_id, collections, sha256, created FROM api_keys")) {
                while (rs.next()) {
                    String c = rs.getString(5);
                    ApiKey k = new ApiKey(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getString(4),
                            c == null ? null : new LinkedHashSet<>(Arrays.asList(c.split(","))), Instant.parse(rs.getString(7)));
                    byId.put(k.id(), new Entry(k, rs.getBytes(6), null));
                }
            }
        }
    }

    /**
     * The keys of {@code db}'s directory; holding {@code db} open guarantees no server changes them meanwhile.
     *
     * @throws SQLException if the key file cannot be opened or created
     */
    public static ApiKeys open(LumosDB db) throws SQLException {
        Path file = db.directory().resolve(FILE);
        return new ApiKeys(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()));
    }

    /**
     * Makes a key.
     *
     * @param role what it may do
     * @param name a name for people; null for "unnamed"
     * @param user the only user whose memories it sees, or null
     * @param collections the only collections it may use, or null for all
     * @throws IllegalArgumentException for an empty user or collection name
     */
    public synchronized Issued create(Role role, String name, String user, Set<String> collections) throws SQLException {
        Issued issued = issue(role, name, user, collections);
        store(new Stored(issued.key(), issued.sha256()));
        return issued;
    }

    /**
     * Makes a key without storing it, for a replicated key file: {@link #store} its {@link Issued#sha256()}
     * on every node (the secret itself never leaves this call's caller).
     *
     * @throws IllegalArgumentException as {@link #create}
     */
    public static Issued issue(Role role, String name, String user, Set<String> collections) {
        Objects.requireNonNull(role, "role");
        if (user != null && user.isBlank()) {
            throw new IllegalArgumentException("the user a key is bound to must not be empty");
        }
        if (collections != null && (collections.isEmpty() || collections.stream().anyMatch(c -> c == null || c.isBlank() || c.contains(",")))) {
            throw new IllegalArgumentException("the collections a key is bound to must be non-empty names without commas, were " + collections);
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiKey key = new ApiKey(id, name == null || name.isBlank() ? "unnamed" : name, role, user,
                collections == null ? null : new LinkedHashSet<>(collections), Instant.now());
        return new Issued(key, secret);
    }

    /** Stores a key made elsewhere ({@link #issue}), or replaces the one with its id: effective at once. */
    public synchronized void store(Stored stored) throws SQLException {
        ApiKey key = stored.key();
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR REPLACE INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.role().label());
            ps.setString(4, key.user());
            ps.setString(5, key.collections() == null ? null : String.join(",", key.collections()));
            ps.setBytes(6, stored.sha256());
            ps.setString(7, key.created().toString());
            ps.executeUpdate();
        }
        byId.put(key.id(), new Entry(key, stored.sha256(), null));
    }

    /** Every key with its SHA-256, for copying a key file to another node. */
    public List<Stored> stored() {
        List<Stored> out = new ArrayList<>();
        byId.values().forEach(e -> out.add(new Stored(e.key(), e.hash())));
        return out;
    }

    /** Replaces every key by {@code keys} (another node's key file, {@link #stored}), in one transaction. */
    public synchronized void replaceAll(List<Stored> keys) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement st = connection.createStatement()) {
                st.executeUpdate("DELETE FROM api_keys");
            }
            byId.clear();
            for (Stored k : keys) {
                store(k);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** Every key, oldest first, without secrets. */
    public List<ApiKey> list() {
        List<ApiKey> out = new ArrayList<>();
        byId.values().forEach(s -> out.add(s.key()));
        out.sort((a, b) -> a.created().compareTo(b.created()) != 0 ? a.created().compareTo(b.created()) : a.id().compareTo(b.id()));
        return out;
    }

    /** Whether any key exists. */
    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /**
     * Revokes the key with this id (or the one key with this name): effective at once.
     *
     * @return the key revoked, or empty if none has that id or name
     * @throws IllegalArgumentException if several keys have that name (revoke by id)
     */
    public synchronized Optional<ApiKey> revoke(String idOrName) throws SQLException {
        Objects.requireNonNull(idOrName, "idOrName");
        Entry s = byId.get(idOrName);
        if (s == null) {
            List<Entry> named = byId.values().stream().filter(x -> x.key().name().equals(idOrName)).toList();
            if (named.size() > 1) {
                throw new IllegalArgumentException(named.size() + " keys are named '" + idOrName + "'; revoke one by its id");
            }
            s = named.isEmpty() ? null : named.get(0);
        }
        if (s == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM api_keys WHERE id = ?")) {
            ps.setString(1, s.key().id());
            ps.executeUpdate();
        }
        byId.remove(s.key().id());
        return Optional.of(s.key());
    }

    /** The key {@code presented} is, if it is a valid key that has not been revoked. */
    Optional<ApiKey> check(String presented) {
        if (presented.length() == KEY_LENGTH && presented.startsWith(PREFIX) && presented.charAt(PREFIX.length() + 16) == '_') {
            Entry known = byId.get(presented.substring(PREFIX.length(), PREFIX.length() + 16));
            if (known != null && known.verified() != null
                    && MessageDigest.isEqual(known.verified(), presented.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(known.key());
            }
        }
        var m = SHAPE.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        Entry s = byId.get(m.group(1));
        byte[] hash = sha256(presented);
        if (s == null) {
            MessageDigest.isEqual(hash, hash); // the same work as a known id: no timing difference to learn ids from
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hash, s.hash())) {
            return Optional.empty();
        }
        // remembered only while the key is still there: a revoke that ran meanwhile keeps it revoked
        byId.computeIfPresent(s.key().id(), (id, now) -> now.key() == s.key() ? now.verifiedAs(presented.getBytes(StandardCharsets.US_ASCII)) : now);
        return Optional.of(s.key());
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
