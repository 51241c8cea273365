package io.lumosdb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Marker;

/**
 * Samples noisy lines: of the lines with the same logger and message template, the first
 * {@value #BURST} in each {@value #WINDOW_SECONDS}-second window pass, then one in {@value #EVERY}. A
 * replica failing in a loop, or clients that keep dropping connections, thus cost a few lines a window,
 * not thousands. Errors, the access log (one line per request, by design) and the slow-query log always
 * pass. The map of templates is bounded: past {@value #MAX_TEMPLATES} it starts afresh.
 */
public final class LogSampler extends TurboFilter {
    static final int BURST = 20;
    static final int EVERY = 100;
    static final long WINDOW_SECONDS = 10;
    private static final int MAX_TEMPLATES = 10_000;

    private record Window(long startNanos, AtomicLong count) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level == null || level.isGreaterOrEqual(Level.ERROR) || !logger.isEnabledFor(level)
                || logger.getName().equals("io.lumosdb.server.access") || logger.getName().equals("io.lumosdb.slowquery")) {
            return FilterReply.NEUTRAL;
        }
        if (windows.size() > MAX_TEMPLATES) {
            windows.clear();
        }
        long now = System.nanoTime();
        String key = logger.getName() + '\u0000' + format;
        Window w = windows.compute(key, (k, old) -> old == null || now - old.startNanos() > TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)
                ? new Window(now, new AtomicLong()) : old);
        long n = w.count().incrementAndGet();
        return n <= BURST || (n - BURST) % EVERY == 0 ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
