package io.lumosdb.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/admin/log-levels} and {@code PUT /v1/admin/log-levels/{logger}}: the log levels, changed
 * at run time (until the next start), e.g. {@code io.lumosdb.sync} to {@code debug} while a replica
 * problem is looked into. Works when the process logs through Logback (the {@code lumos} command does);
 * another SLF4J backend answers 501. Logback is an optional dependency: this class is the only one that
 * names it, and it touches Logback only after checking that Logback is the backend.
 */
final class LogLevelEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(LogLevelEndpoints.class);
    private static final Pattern LOGGER_NAME = Pattern.compile("ROOT|[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*){0,20}");

    private LogLevelEndpoints() {}

    /** Every logger with a level set, and the root's. */
    static void list(Context ctx) {
        LoggerContext logback = logback();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode loggers = body.putArray("loggers");
        for (ch.qos.logback.classic.Logger l : logback.getLoggerList()) {
            if (l.getLevel() != null) {
                loggers.addObject().put("logger", l.getName()).put("level", l.getLevel().toString().toLowerCase(Locale.ROOT));
            }
        }
        ctx.contentType("application/json").result(Json.write(body));
    }

    /** Sets {@code {logger}}'s level from the body's {@code level} (trace, debug, info, warn, error, off; null: inherit). */
    static void set(Context ctx) {
        String name = ctx.pathParam("logger");
        if (name.length() > 300 || !LOGGER_NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("'" + (name.length() > 60 ? name.substring(0, 60) + "..." : name)
                    + "' is not a logger name (dotted Java names, or ROOT)");
        }
        ObjectNode request = Json.body(ctx);
        String level = Json.text(request, "level", false);
        Level parsed = null;
        if (level != null) {
            parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
            if (parsed == null || !level.equalsIgnoreCase(parsed.toString())) {
                throw ApiProblem.badRequest("'level' must be one of trace, debug, info, warn, error, off (or null to inherit), was '"
                        + level + "'");
            }
        }
        LoggerContext logback = logback();
        ch.qos.logback.classic.Logger logger = logback.getLogger(name.equals("ROOT") ? org.slf4j.Logger.ROOT_LOGGER_NAME : name);
        if (parsed == null && logger.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            throw ApiProblem.badRequest("the root logger needs a level");
        }
        logger.setLevel(parsed);
        LOG.info("log level of {} set to {} (effective {}) by {}", logger.getName(), parsed, logger.getEffectiveLevel(),
                RequestGate.principal(ctx).name());
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("logger", logger.getName());
        body.put("level", parsed == null ? null : parsed.toString().toLowerCase(Locale.ROOT));
        body.put("effectiveLevel", logger.getEffectiveLevel().toString().toLowerCase(Locale.ROOT));
        ctx.contentType("application/json").result(Json.write(body));
    }

    private static LoggerContext logback() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            throw new ApiProblem(501, "Not implemented", "log levels can be changed at run time only when the server logs through"
                    + " Logback; this process logs through " + factory.getClass().getName());
        }
        return (LoggerContext) factory;
    }
}
