package io.lumosdb.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Lets the replica's DuckDB file be written without waiting for the disk, and notices when that can
 * have cost it: the machine went down while the file was open.
 *
 * <p>The replica runs with DuckDB's {@code fsync_mode = 'NONE'}: a commit returns once it is in the
 * operating system's page cache. Queries that start while a commit waits for the disk wait with it:
 * on a VM whose flushes now and then take 200 ms, that was the largest part of the freshness lag's tail
 * (docs/consistency.md, "Crashes"). A process crash (even SIGKILL) loses
 * nothing this way: the page cache outlives the process. An operating system crash or a power loss can
 * leave the file torn. SQLite holds everything, so a torn replica is rebuilt, never repaired.
 *
 * <p>To know when, a marker next to the file, {@code lumos.duckdb.unsynced}, holds the id of the running
 * kernel boot while the file is open. It is written and flushed before DuckDB writes anything unsynced.
 * A clean close flushes DuckDB's files to the disk, then removes the marker. At open, a marker from
 * another boot means the machine restarted while the file had writes that may not have reached the disk.
 *
 * <p>Where the kernel gives no boot id (not Linux), the replica keeps DuckDB's standard fsync.
 */
final class DeferredFlush {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private DeferredFlush() {}

    /** The running kernel boot's id, if this system tells it. */
    static Optional<String> bootId() {
        try {
            String id = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The marker of {@code file}. */
    static Path marker(Path file) {
        return file.resolveSibling(file.getFileName() + ".unsynced");
    }

    /** Whether {@code file} had unsynced writes when the machine last went down (a marker from another boot). */
    static boolean tornByRestart(Path file, String bootId) throws IOException {
        Path marker = marker(file);
        return Files.exists(marker) && !Files.readString(marker, StandardCharsets.US_ASCII).trim().equals(bootId);
    }

    /** Records, on disk, that {@code file} is written unsynced during the boot {@code bootId}. */
    static void begin(Path file, String bootId) throws IOException {
        try (FileChannel marker = FileChannel.open(marker(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer id = ByteBuffer.wrap(bootId.getBytes(StandardCharsets.US_ASCII));
            while (id.hasRemaining()) {
                marker.write(id);
            }
            marker.force(true);
        }
        forceDirectory(file);
    }

    /** After DuckDB has closed {@code file}: flushes it and its WAL to the disk, then removes the marker. */
    static void end(Path file) throws IOException {
        force(file);
        force(DuckEngine.walOf(file));
        forceDirectory(file); // the files' own entries (DuckDB created them unsynced) before the marker goes
        Files.deleteIfExists(marker(file));
        forceDirectory(file);
    }

    private static void force(Path file) throws IOException {
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    /** Makes the directory entries next to {@code file} (a created or removed file) durable. */
    private static void forceDirectory(Path file) throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
