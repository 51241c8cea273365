package io.lumosdb.vector;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** A {@link VectorStorage} over a plain SQLite file: one writer, one reader, for testing the module alone. */
final class SqliteStorage implements VectorStorage, AutoCloseable {
    private final Path dir;
    private final Connection writer;
    private final Connection reader;

    SqliteStorage(Path dir) throws SQLException {
        this.dir = dir;
        String url = "jdbc:sqlite:" + dir.resolve("test.sqlite");
        writer = DriverManager.getConnection(url);
        try (Statement st = writer.createStatement()) {
            st.executeQuery("PRAGMA journal_mode = WAL").close();
            st.execute("PRAGMA busy_timeout = 10000");
        }
        reader = DriverManager.getConnection(url);
    }

    @Override
    public synchronized <T> T write(Set<String> tables, boolean schemaChange, SqlWork<T> work) throws SQLException {
        writer.setAutoCommit(false);
        try {
            T result = work.run(writer);
            writer.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        synchronized (reader) {
            return work.run(reader);
        }
    }

    @Override
    public Path directory() {
        return dir;
    }

    long count(String sql) throws SQLException {
        return read(c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() throws SQLException {
        writer.close();
        reader.close();
    }
}
