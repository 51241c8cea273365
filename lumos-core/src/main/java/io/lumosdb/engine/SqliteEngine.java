package io.lumosdb.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite, the source of truth: exactly one writer connection and a HikariCP pool of read-only readers.
 *
 * <p>Design: WAL lets readers run beside the writer; with a single writer connection, serialized by the
 * facade, no two writers ever contend for SQLite's write lock, so "database is locked" cannot reach a
 * user from inside the process (the busy timeout covers other processes and checkpoints). Writer
 * transactions are {@code BEGIN IMMEDIATE}, taking the write lock up front instead of upgrading a read
 * lock mid-transaction, which is where SQLITE_BUSY deadlocks come from. {@code case_sensitive_like} is
 * on so that LIKE means what it means in DuckDB (see docs/sql-dialect.md). WAL checkpoints run on a
 * thread of their own ({@link WalCheckpointer}), never inside a writer's commit.
 */
public final class SqliteEngine implements AutoCloseable {
    /** How much of the database file each reader maps: 1 GiB of address space (not memory) per reader. */
    static final long READER_MMAP_BYTES = 1L << 30;

    private final Connection writer;
    private final StatementCache writerStatements;
    private final HikariDataSource readers;
    private final Map<Connection, StatementCache> readerStatements = new ConcurrentHashMap<>();
    private final int statementCacheSize;
    private final String url;
    private final Duration busyTimeout;
    private final CommitWatch commitWatch;
    private final WalCheckpointer checkpointer;
    /** Whether the database's text is UTF-8 (SQLite's default), which {@link SqliteNativeRead} needs. */
    private final boolean utf8;

    private SqliteEngine(Connection writer, HikariDataSource readers, CommitWatch commitWatch, WalCheckpointer checkpointer,
            int statementCacheSize, String url, Duration busyTimeout, boolean utf8) {
        this.utf8 = utf8;
        this.commitWatch = commitWatch;
        this.checkpointer = checkpointer;
        this.url = url;
        this.busyTimeout = busyTimeout;
        this.writer = writer;
        this.readers = readers;
        this.statementCacheSize = statementCacheSize;
        this.writerStatements = new StatementCache(writer, statementCacheSize);
    }

    /** Opens (creating if needed) the SQLite file with one writer and {@code readerPoolSize} readers. */
    public static SqliteEngine open(Path file, int readerPoolSize, Duration busyTimeout, Duration readerWait,
            int statementCacheSize, String name) throws SQLException {
        SQLiteConfig writerConfig = baseConfig(busyTimeout);
        writerConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
        writerConfig.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        writerConfig.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        writerConfig.enforceForeignKeys(true);
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection writer = connect(url, writerConfig.toProperties());
        boolean utf8;
        try (java.sql.Statement st = writer.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            EngineVersions.requireAtLeast("SQLite", "org.xerial:sqlite-jdbc", rs.getString(1), EngineVersions.builtWith("sqlite"));
            try (java.sql.ResultSet encoding = st.executeQuery("PRAGMA encoding")) {
                utf8 = encoding.next() && "UTF-8".equalsIgnoreCase(encoding.getString(1));
            }
        } catch (SQLException e) {
            writer.close();
            throw e;
        }

        SQLiteConfig readerConfig = baseConfig(busyTimeout);
        readerConfig.setReadOnly(true);
        // Readers map the database file (SQLite's memory-mapped I/O): a page is read from the OS's cache in place, not
        // copied in by a system call. The facade's tables share their file with the capture log, so a table's pages
        // lie farther apart than in a file of its own, and a range or point read touches more pages: mapped, OLTP
        // reads measured 0.95x (point) and 1.02x (range of 10) raw sqlite-jdbc on its own file, against 0.85x and
        // 0.64x read through system calls (docs/benchmarks.md, OLTP). The writer keeps ordinary I/O; SQLite maps only
        // the database file, never the WAL, and remaps when the file grows.
        readerConfig.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(READER_MMAP_BYTES));
        SQLiteDataSource source = new SQLiteDataSource(readerConfig);
        source.setUrl(url);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName(name + " sqlite-readers");
        pool.setMaximumPoolSize(readerPoolSize);
        pool.setMinimumIdle(readerPoolSize);
        pool.setConnectionTimeout(Math.max(250, readerWait.toMillis()));
        pool.setMaxLifetime(0); // connections live as long as the database: their prepared statements stay valid
        pool.setIdleTimeout(0);
        pool.setAutoCommit(true);
        pool.setReadOnly(true); // matches the connections: sqlite-jdbc refuses to change the flag once open
        pool.setInitializationFailTimeout(1);
        HikariDataSource readers;
        try {
            readers = new HikariDataSource(pool);
        } catch (HikariPool.PoolInitializationException e) {
            writer.close();
            throw new SQLException("cannot open SQLite readers on " + file + ": " + e.getMessage(), "08001", e);
        }
        CommitWatch wal;
        WalCheckpointer checkpointer;
        try {
            wal = CommitWatch.open(file);
            checkpointer = WalCheckpointer.start(writer, connect(url, baseConfig(busyTimeout).toProperties()), wal,
                    name + " sqlite-checkpointer");
        } catch (SQLException e) {
            readers.close();
            writer.close();
            throw e;
        }
        return new SqliteEngine(writer, readers, wal, checkpointer, statementCacheSize, url, busyTimeout, utf8);
    }

    private static SQLiteConfig baseConfig(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enableCaseSensitiveLike(true);
        config.setGetGeneratedKeys(false); // else sqlite-jdbc runs "SELECT last_insert_rowid()" after every insert, unasked
        return config;
    }

    /**
     * A connection from sqlite-jdbc's driver itself, not through {@code DriverManager}: its first use loads
     * every JDBC driver on the class path (DuckDB's starts a JFR memory monitor), a tenth of a second of
     * start-up for a database whose replica may open later, or never.
     */
    private static Connection connect(String url, java.util.Properties properties) throws SQLException {
        return org.sqlite.JDBC.createConnection(url, properties);
    }

    /**
     * A new read-write connection for the replica's worker: WAL, the busy timeout, deferred
     * transactions (its reads must not take the write lock). The caller owns and closes it.
     */
    public Connection openReplicaConnection() throws SQLException {
        SQLiteConfig config = baseConfig(busyTimeout);
        return connect(url, config.toProperties());
    }

    /** Whether the database's text encoding is UTF-8 (SQLite's default; set when the file was created). */
    public boolean textIsUtf8() {
        return utf8;
    }

    /** The database's WAL-index header: its commit counter and WAL size, read from memory. */
    public CommitWatch commitWatch() {
        return commitWatch;
    }

    /** The thread that runs the WAL checkpoints. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** The writer connection; the caller holds the facade's write lock while using it. */
    public Connection writer() {
        return writer;
    }

    public StatementCache writerStatements() {
        return writerStatements;
    }

    /** How busy the reader pool is (HikariCP's own counts). */
    public PoolUsage readerUsage() {
        var pool = readers.getHikariPoolMXBean();
        if (pool == null) {
            return new PoolUsage(0, 0, 0, readers.getMaximumPoolSize());
        }
        return new PoolUsage(pool.getActiveConnections(), pool.getIdleConnections(), pool.getThreadsAwaitingConnection(),
                readers.getMaximumPoolSize());
    }

    /** Borrows a reader with its statement cache; closing the lease gives it back. */
    public ConnectionLease borrowReader() throws SQLException {
        Connection proxy = readers.getConnection(); // HikariCP: SQLTransientConnectionException naming the pool on timeout
        Connection raw = proxy.unwrap(SQLiteConnection.class);
        StatementCache cache = readerStatements.computeIfAbsent(raw, c -> new StatementCache(c, statementCacheSize));
        return new ConnectionLease(cache, proxy::close);
    }

    @Override
    public void close() throws SQLException {
        checkpointer.close();
        readerStatements.values().forEach(StatementCache::clear);
        readers.close();
        writerStatements.clear();
        writer.close();
    }
}
