package io.lumosdb.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a query on a second thread and hands its rows to the calling thread, a few thousand at a time,
 * so that reading SQLite and appending to DuckDB use both cores: a bulk apply then takes about as long
 * as the slower of the two instead of their sum.
 *
 * <p>The reader uses the caller's connection, inside the caller's transaction (one snapshot); the caller
 * must not touch that connection until {@link #run} returns, which it does only after the reader has
 * stopped, whether the copy succeeded or failed. The queue between them is bounded
 * ({@value #CHUNKS_AHEAD} chunks of {@value #CHUNK_ROWS} rows): a slow consumer holds the reader back.
 */
final class ReadAhead {
    static final int CHUNK_ROWS = 2_048;
    private static final int CHUNKS_AHEAD = 4;
    private static final Object[][] END = new Object[0][];

    /** Reads the current row of a result set into an array. */
    @FunctionalInterface
    interface RowReader {
        Object[] read(ResultSet rs) throws SQLException;
    }

    /** Takes one row, on the calling thread. */
    @FunctionalInterface
    interface RowConsumer {
        void accept(Object[] row) throws SQLException;
    }

    private ReadAhead() {}

    /**
     * Executes {@code query} on a thread named {@code threadName} and passes each row, in order, to
     * {@code consumer} on this thread. Returns the number of rows.
     *
     * @throws SQLException what the query or the consumer threw; the reader has stopped by then
     */
    static long run(PreparedStatement query, RowReader reader, RowConsumer consumer, String threadName) throws SQLException {
        BlockingQueue<Object[][]> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try (ResultSet rs = query.executeQuery()) {
                Object[][] chunk = new Object[CHUNK_ROWS][];
                int n = 0;
                while (!stop.get() && rs.next()) {
                    chunk[n++] = reader.read(rs);
                    if (n == CHUNK_ROWS) {
                        if (!hand(chunks, chunk, stop)) {
                            return;
                        }
                        chunk = new Object[CHUNK_ROWS][];
                        n = 0;
                    }
                }
                if (n > 0 && !hand(chunks, Arrays.copyOf(chunk, n), stop)) {
                    return;
                }
            } catch (Throwable t) {
                readFailure.set(t);
            }
            hand(chunks, END, stop);
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        long rows = 0;
        try {
            while (true) {
                Object[][] chunk = chunks.take();
                if (chunk == END) {
                    break;
                }
                for (Object[] row : chunk) {
                    consumer.accept(row);
                }
                rows += chunk.length;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying rows", e);
        } finally {
            stop.set(true);
            joinUninterruptibly(thread);
        }
        Throwable failure = readFailure.get();
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure != null) {
            throw new SQLException("reading rows to copy failed: " + failure, failure);
        }
        return rows;
    }

    /** Puts a chunk on the queue, waiting while it is full; false if the consumer stopped meanwhile. */
    private static boolean hand(BlockingQueue<Object[][]> chunks, Object[][] chunk, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                if (chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The reader must be gone before the caller uses the connection again (a rollback, the next query). */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
