package io.lumosdb.engine;

/**
 * How busy a pool of reader connections is right now, for metrics and status.
 *
 * <pre>{@code
 * PoolUsage u = sqlite.readerUsage();
 * double saturation = (double) u.active() / u.max();
 * }</pre>
 *
 * @param active connections lent out
 * @param idle connections open and free
 * @param waiting threads waiting for a connection (0 where the pool does not count them)
 * @param max the most connections the pool opens
 */
public record PoolUsage(int active, int idle, int waiting, int max) {}
