package io.lumosdb.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The server's settings, fixed when it starts (see {@link LumosServerBuilder} for each). */
record ServerSettings(String host, int port, boolean auth, long maxBodyBytes, int rateLimitPerSecond,
        Duration statementTimeout, Duration readyMaxLag, Duration drainTimeout, List<String> corsOrigins,
        Path tlsKeystore, char[] tlsPassword, Path backupDirectory, Duration backupEvery, int backupsKept) {}
