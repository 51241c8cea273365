package io.lumosdb.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Sees, in a few nanoseconds, whether anyone has committed to the SQLite database since a given moment:
 * this facade, or another program writing the same file.
 *
 * <p>Design: in WAL mode every connection to a database shares its WAL-index, the {@code -shm} file,
 * whose header holds {@code iChange}, "an unsigned integer counter, incremented with each transaction"
 * (SQLite's walformat.html, "The WAL-Index Header"). SQLite writes that header (after the WAL frames, with
 * a memory barrier) when a transaction commits, and a new read transaction sees the commit only once the
 * header shows it; so a counter equal to one read earlier means no commit became visible in between. The
 * header is read here through a read-only memory map of the file, with a volatile load: no system call,
 * no JDBC. Which connection committed is told apart elsewhere, with {@code PRAGMA data_version}.
 */
public final class CommitWatch {
    /** Offset of {@code iChange} in the first copy of the WAL-index header, the copy written last. */
    private static final int I_CHANGE_OFFSET = 8;
    /** Offset of {@code mxFrame}, the number of valid frames in the WAL, in the same header. */
    private static final int MX_FRAME_OFFSET = 16;
    /** Offset of {@code nBackfill}, the frames already copied into the database, after the two header copies. */
    private static final int N_BACKFILL_OFFSET = 96;
    private static final int HEADER_BYTES = 136; // both header copies and the checkpoint information
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer header;

    private CommitWatch(MappedByteBuffer header) {
        this.header = header;
    }

    /**
     * Maps the WAL-index of {@code sqliteFile}, which must be open in WAL mode by at least one connection
     * (that keeps the {@code -shm} file alive).
     *
     * @throws SQLNonTransientConnectionException if the WAL-index cannot be read
     */
    public static CommitWatch open(Path sqliteFile) throws SQLException {
        Path shm = sqliteFile.resolveSibling(sqliteFile.getFileName() + "-shm");
        try (FileChannel channel = FileChannel.open(shm, StandardOpenOption.READ)) {
            if (channel.size() < HEADER_BYTES) {
                throw new SQLNonTransientConnectionException("the WAL-index " + shm + " has no header yet", "08001");
            }
            return new CommitWatch(channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES)); // stays valid after close
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot map the WAL-index " + shm + ": " + e, "08001", e);
        }
    }

    /** SQLite's commit counter: changes whenever a transaction commits, by any connection or process. */
    public int commitCounter() {
        return (int) INT.getVolatile(header, I_CHANGE_OFFSET);
    }

    /** The frames (pages) in the WAL since it last restarted, as of the last commit. */
    int walFrames() {
        return (int) INT.getVolatile(header, MX_FRAME_OFFSET);
    }

    /** The WAL's frames not yet copied into the database file by a checkpoint (a moment's estimate). */
    int framesNotCheckpointed() {
        return Math.max(0, walFrames() - (int) INT.getVolatile(header, N_BACKFILL_OFFSET));
    }
}
