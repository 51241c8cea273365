package io.lumosdb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The {@code lumos} command's logging, set up in code (found by logback through {@code ServiceLoader}): one JSON
 * object a line (Logstash encoder: {@code @timestamp}, level, logger_name, thread_name, message, the MDC's
 * requestId/key/route, key-value pairs such as durationMs), warnings and errors to stderr, so that the output of
 * commands on stdout stays clean; {@code serve} reconfigures itself ({@link LogSetup}). docs/observability.md, "Logs".
 *
 * <pre>
 * java -Dlogback.configurationFile=my-logback.xml -jar lumos.jar ...   # a configuration file of one's own wins
 * </pre>
 *
 * <p>Why code and not {@code logback.xml}: reading the XML (a parser, reflection over every element) and starting
 * the Logstash encoder (Jackson) cost about half a second of every start-up, for a command that usually logs
 * nothing. Here the encoder is made when the first line is written.
 */
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the user's own file, read by logback's XML configurator
        }
        LogSampler sampler = new LogSampler();
        sampler.setContext(context);
        sampler.start();
        context.addTurboFilter(sampler);
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        Encoder<ILoggingEvent> encoder = new JsonOnFirstLine();
        encoder.setContext(context);
        encoder.start();
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("ai.djl").setLevel(Level.ERROR);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The Logstash encoder, made and started when the first line is encoded. */
    private static final class JsonOnFirstLine extends EncoderBase<ILoggingEvent> {
        private volatile LogstashEncoder json;

        private LogstashEncoder json() {
            LogstashEncoder j = json;
            if (j == null) {
                synchronized (this) {
                    j = json;
                    if (j == null) {
                        j = new LogstashEncoder();
                        j.setContext(getContext());
                        j.start();
                        json = j;
                    }
                }
            }
            return j;
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            return json().encode(event);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
