package io.lumosdb.server;

import io.lumosdb.LumosDB;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups on a schedule: every {@code every}, a consistent copy ({@link LumosDB#backupTo}) named
 * {@code lumos-<UTC time>.sqlite} in the directory, keeping the newest {@code keep}. Runs on one named
 * thread; a failed backup is logged and the next one is tried at its time.
 */
final class BackupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'lumos-'uuuuMMdd'T'HHmmss.SSS'Z.sqlite'", Locale.ROOT);

    private final LumosDB db;
    private final Path directory;
    private final int keep;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lumos-server backups");
        t.setDaemon(true);
        return t;
    });

    private BackupSchedule(LumosDB db, Path directory, int keep) {
        this.db = db;
        this.directory = directory;
        this.keep = keep;
    }

    static BackupSchedule start(LumosDB db, Path directory, Duration every, int keep) {
        BackupSchedule s = new BackupSchedule(db, directory, keep);
        s.timer.scheduleWithFixedDelay(s::backupQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    private void backupQuietly() {
        try {
            backupNow();
        } catch (Exception e) {
            LOG.error("scheduled backup into {} failed; the next is tried at its time", directory, e);
        }
    }

    /** Writes one backup and removes the oldest beyond {@code keep}; returns the new file. */
    Path backupNow() throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve(NAME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        db.backupTo(file);
        List<Path> all;
        try (Stream<Path> files = Files.list(directory)) {
            all = files.filter(p -> p.getFileName().toString().matches("lumos-\\d{8}T\\d{6}\\.\\d{3}Z\\.sqlite")).sorted().toList();
        }
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                LOG.warn("could not remove old backup {}: {}", all.get(i), e.toString());
            }
        }
        LOG.info("backup written: {}", file);
        return file;
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warn("a scheduled backup is still running after 5 minutes; leaving it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
