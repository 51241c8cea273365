package io.lumosdb.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB, the columnar replica: one database instance, a connection reserved for the replica's writes,
 * and a bounded pool of reader connections.
 *
 * <p>duckdb_jdbc: every {@code DriverManager.getConnection} on a file opens the database again; the
 * connections of one instance come from {@link DuckDBConnection#duplicate()}, which shares the instance
 * (buffer pool, catalog, MVCC) and is safe to use from another thread. Each connection gets the settings
 * that make DuckDB answer like SQLite where DuckDB allows it: integer division for integer {@code /},
 * NULL for a division by zero (DuckDB 2.0 raises an error by default) and NULLs first on ascending order.
 */
public final class DuckEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuckEngine.class);
    /**
     * Settings of the whole instance, made before anything else runs; see docs/sql-dialect.md. They are
     * GLOBAL: the configuration is locked afterwards, so no connection could set them for itself.
     *
     * <p>No optimizer is disabled. DuckDB 1.4 baked the min/max statistics of prepare time into a
     * prepared plan and did not re-plan it when data changed (a join of non-overlapping id ranges kept
     * answering 0 after overlapping rows arrived), so the facade, which reuses prepared statements while
     * the replica changes the data, ran with statistics propagation off, at up to 60% of an aggregate's
     * time. DuckDB 2.0 re-plans: a randomized check of 6,600 reused statements after writes found 1,873
     * stale answers on 1.4.4 and none on 2.0.0.1. {@link EngineVersions} refuses an older DuckDB, and
     * {@code PreparedPlanFreshnessPropertyTest} checks the reuse through the facade.
     */
    static final List<String> SQLITE_COMPATIBLE_SETTINGS = List.of(
            "SET GLOBAL integer_division = true",
            "SET GLOBAL default_null_order = 'nulls_first_on_asc_last_on_desc'",
            "SET GLOBAL error_on_division_by_zero = false");

    /**
     * The sandbox, made last: no file outside the replica's own (and the directories granted) can be
     * read or written from SQL ({@code read_text('/etc/shadow')}, {@code glob}, {@code COPY}, {@code ATTACH}),
     * no extension is installed or loaded, and the configuration is locked, so no statement can undo any
     * of it. See docs/security.md.
     */
    private static final List<String> SANDBOX = List.of(
            "SET enable_external_access = false",
            "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false",
            "SET allow_community_extensions = false",
            "SET lock_configuration = true");

    private final Path file;
    /** Whether commits skip the disk flush ({@link DeferredFlush}); close then flushes the files. */
    private final boolean unsynced;
    private final DuckDBConnection primary;
    private final DuckDBConnection replicaConnection;
    private final DuckSqlCheck sqlCheck;
    private final BlockingQueue<StatementCache> idle;
    private final List<StatementCache> all = new ArrayList<>();
    private final int maxReaders;
    private final int statementCacheSize;
    private final Duration readerWait;

    private DuckEngine(Path file, boolean unsynced, DuckDBConnection primary, int maxReaders, int statementCacheSize, Duration readerWait)
            throws SQLException {
        this.file = file;
        this.unsynced = unsynced;
        this.primary = primary;
        this.maxReaders = maxReaders;
        this.statementCacheSize = statementCacheSize;
        this.readerWait = readerWait;
        this.idle = new ArrayBlockingQueue<>(maxReaders);
        this.replicaConnection = primary.duplicate();
        this.sqlCheck = new DuckSqlCheck(primary.duplicate());
    }

    /**
     * Opens the DuckDB file. A file DuckDB cannot open (corrupt, or written by an incompatible version)
     * is moved aside to {@code lumos.duckdb.unreadable-<millis>} and a new one started: the replica is
     * rebuilt from SQLite, which holds everything. So is a file that had writes not yet on the disk when
     * the machine last went down, moved aside to {@code lumos.duckdb.torn-<millis>}: commits here do not
     * wait for the disk ({@link DeferredFlush}), unless {@code flushCommits}. With {@code discard}, an
     * existing file is moved aside to {@code lumos.duckdb.damaged-<millis>} first. A file another process
     * holds, or one Lumos-DB may not write, is never moved ({@link DuckOpenFailure}).
     */
    public static DuckEngine open(Path file, int maxReaders, int statementCacheSize, Duration readerWait, boolean flushCommits,
            List<Path> fileAccess, boolean discard) throws SQLException {
        return open(file, maxReaders, statementCacheSize, readerWait, fileAccess, prepareFile(file, flushCommits, discard));
    }

    /**
     * The first half of {@link #open(Path, int, int, Duration, boolean, List, boolean)}, in plain file
     * operations (DuckDB is not loaded): a file to discard, or torn by a restart, moved aside, and the
     * deferred-flush marker set or what an unsynced session left flushed. For an owner that connects later,
     * on another thread, with {@link #open(Path, int, int, Duration, List, boolean)}.
     *
     * @return whether the session's commits skip the disk flush
     * @throws SQLNonTransientConnectionException if the files cannot be prepared
     */
    public static boolean prepareFile(Path file, boolean flushCommits, boolean discard) throws SQLException {
        Optional<String> bootId = DeferredFlush.bootId();
        boolean unsynced = bootId.isPresent() && !flushCommits;
        try {
            if (discard && Files.exists(file)) {
                moveAside(file, "damaged");
            }
            if (bootId.isPresent() && DeferredFlush.tornByRestart(file, bootId.get()) && Files.exists(file)) {
                LOG.warn("the machine restarted while DuckDB had writes to {} not yet on disk; rebuilding the replica from SQLite", file);
                moveAside(file, "torn");
            }
            if (unsynced) {
                DeferredFlush.begin(file, bootId.get());
            } else {
                DeferredFlush.end(file); // what an unsynced session left in the page cache goes to disk first
            }
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot prepare the DuckDB replica " + file + ": " + e, "08001", e);
        }
        return unsynced;
    }

    /**
     * Undoes {@link #prepareFile} when the file is not opened after all (the database closed first): the
     * marker of an unsynced session is removed, so the next start does not take the file for torn.
     */
    public static void abandonPrepared(Path file, boolean unsynced) {
        if (unsynced) {
            try {
                DeferredFlush.end(file);
            } catch (IOException e) {
                LOG.warn("cannot clear the deferred-flush marker of {}; the next start after a restart rebuilds the replica", file, e);
            }
        }
    }

    /**
     * The second half: opens the file {@link #prepareFile prepared}, moving it aside to
     * {@code lumos.duckdb.unreadable-<millis>} and starting a new one if DuckDB cannot read it.
     */
    public static DuckEngine open(Path file, int maxReaders, int statementCacheSize, Duration readerWait, List<Path> fileAccess,
            boolean unsynced) throws SQLException {
        DuckDBConnection primary;
        try {
            primary = connect(file, unsynced, fileAccess);
        } catch (SQLException e) {
            if (!Files.exists(file) || !DuckOpenFailure.isUnreadableFile(e)) {
                throw DuckOpenFailure.explain(file, e);
            }
            LOG.warn("DuckDB cannot open {} ({}); moving it aside and rebuilding the replica from SQLite", file, e.getMessage());
            try {
                moveAside(file, "unreadable");
            } catch (IOException io) {
                e.addSuppressed(io);
                throw e;
            }
            primary = connect(file, unsynced, fileAccess);
        }
        return new DuckEngine(file, unsynced, primary, maxReaders, statementCacheSize, readerWait);
    }

    /**
     * Loads DuckDB's native library (unpacked from its jar to the temporary directory, then loaded): the
     * larger part of opening DuckDB, done ahead by the thread that opens the replica. Idempotent.
     *
     * @throws SQLException if the library cannot be loaded on this platform
     */
    public static void loadNativeLibrary() throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBNative", true, DuckEngine.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | IllegalStateException e) {
            throw new SQLNonTransientConnectionException("cannot load DuckDB's native library: " + e, "08001", e);
        }
    }

    /**
     * Fails now, as opening {@code file} would, if another process holds it ({@link DuckOpenFailure}): for an
     * owner that opens DuckDB later, on another thread. DuckDB takes a POSIX record lock on the whole file
     * (fcntl), which {@link FileChannel#tryLock()} tests; the probe's lock is released before DuckDB opens it.
     *
     * @throws io.lumosdb.DatabaseLockedException if another process holds the file
     */
    public static void checkNotHeld(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw DuckOpenFailure.explain(file, new SQLException("Could not set lock on file \"" + file + "\": Conflicting lock is held"));
            }
            lock.release();
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "Permission denied" : String.valueOf(e.getMessage());
            SQLException failure = new SQLException("IO Error: Cannot open file \"" + file + "\": " + why, e);
            if (!DuckOpenFailure.isUnreadableFile(failure)) {
                throw DuckOpenFailure.explain(file, failure);
            }
            // anything else is DuckDB's to judge when it opens the file (and moves it aside if unreadable)
        }
    }

    /** Moves the file to {@code <file>.<why>-<millis>}, for inspection, and drops its WAL. */
    private static void moveAside(Path file, String why) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + "." + why + "-" + System.currentTimeMillis());
        LOG.warn("moving {} to {}", file, aside);
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(walOf(file));
    }

    /** DuckDB's write-ahead log next to {@code file}. */
    static Path walOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".wal");
    }

    private static DuckDBConnection connect(Path file, boolean unsynced, List<Path> fileAccess) throws SQLException {
        DuckDBConnection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()).unwrap(DuckDBConnection.class);
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                EngineVersions.requireAtLeast("DuckDB", "org.duckdb:duckdb_jdbc", rs.getString(1), EngineVersions.builtWith("duckdb"));
            }
            if (unsynced) {
                st.execute("SET GLOBAL fsync_mode = 'NONE'");
            }
            for (String setting : SQLITE_COMPATIBLE_SETTINGS) {
                st.execute(setting);
            }
            if (!fileAccess.isEmpty()) {
                st.execute(fileAccess.stream().map(d -> "'" + d.toAbsolutePath().normalize().toString().replace("'", "''") + "/'")
                        .collect(java.util.stream.Collectors.joining(", ", "SET allowed_directories = [", "]")));
            }
            for (String setting : SANDBOX) {
                st.execute(setting);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Why DuckDB would not read {@code sql} as exactly one SELECT ({@link DuckSqlCheck}), or empty. Every
     * reader checks this before it prepares a text; the router asks first, to route such a text to SQLite.
     */
    public Optional<String> whyNotOneSelect(String sql) throws SQLException {
        return sqlCheck.whyNotOneSelect(sql);
    }

    /** The connection reserved for the replica's writes. */
    public DuckDBConnection replicaConnection() {
        return replicaConnection;
    }

    /** How busy the DuckDB readers are (waiting threads are not counted). */
    public PoolUsage readerUsage() {
        int open;
        synchronized (this) {
            open = all.size();
        }
        int free = idle.size();
        return new PoolUsage(Math.max(0, open - free), free, 0, maxReaders);
    }

    /** Borrows a reader, opening one if fewer than the maximum exist, else waiting for one. */
    public ConnectionLease borrowReader() throws SQLException {
        StatementCache reader = idle.poll();
        if (reader == null) {
            reader = createIfRoom();
        }
        if (reader == null) {
            try {
                reader = idle.poll(readerWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a DuckDB reader", "08001", e);
            }
            if (reader == null) {
                throw new SQLTransientConnectionException("no DuckDB reader free after " + readerWait.toMillis()
                        + " ms (all " + maxReaders + " busy)", "08001");
            }
        }
        StatementCache leased = reader;
        return new ConnectionLease(leased, () -> idle.offer(leased));
    }

    private synchronized StatementCache createIfRoom() throws SQLException {
        if (all.size() >= maxReaders) {
            return null;
        }
        StatementCache cache = new StatementCache(primary.duplicate(), statementCacheSize, sqlCheck::requireOneSelect);
        all.add(cache);
        return cache;
    }

    @Override
    public synchronized void close() throws SQLException {
        SQLException failure = null;
        for (StatementCache c : all) {
            c.clear();
            try {
                c.connection().close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        all.clear();
        sqlCheck.close();
        replicaConnection.close();
        primary.close();
        if (unsynced) {
            try {
                DeferredFlush.end(file);
            } catch (IOException e) {
                LOG.warn("cannot flush the DuckDB replica {} to disk at close; it is rebuilt if the machine goes down first", file, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
