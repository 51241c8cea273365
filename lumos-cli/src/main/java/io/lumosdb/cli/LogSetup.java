package io.lumosdb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The logging of {@code lumos serve}: JSON lines (the Logstash encoder, as {@link CliLogConfigurator} sets up for the
 * other commands) at {@code level} and above, on stdout, or appended to {@code file}; docs/observability.md,
 * "Logs", shows a line. Levels can then be changed at run time through {@code PUT /v1/admin/log-levels/{logger}}.
 */
final class LogSetup {
    private LogSetup() {}

    /**
     * Sends the root logger's lines at {@code level} and above to {@code file} (null: stdout) as JSON.
     *
     * @throws IllegalArgumentException if {@code level} is not trace, debug, info, warn or error
     */
    static void forServer(Path file, String level) {
        Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
        if (parsed == null || parsed == Level.OFF || parsed.toInt() < Level.TRACE_INT) {
            throw new IllegalArgumentException("--log-level must be trace, debug, info, warn or error, was '" + level + "'");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (file == null) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.out");
            appender = console;
        } else {
            FileAppender<ILoggingEvent> f = new FileAppender<>();
            f.setFile(file.toAbsolutePath().toString());
            f.setAppend(true);
            appender = f;
        }
        appender.setName(file == null ? "STDOUT" : "FILE");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(parsed);
    }
}
