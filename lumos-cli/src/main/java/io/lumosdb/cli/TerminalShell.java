package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell on a terminal: JLine line editing, history in {@code ~/.lumos_history}, completion of keywords,
 * dot-commands and table names. Each input runs on the thread {@code lumos-shell-statement}; Ctrl-C while it
 * runs cancels its query ({@link LumosDB#cancel}), Ctrl-C at the prompt drops the line, Ctrl-D leaves.
 */
final class TerminalShell implements AutoCloseable {
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT",
            "INSERT INTO", "VALUES", "UPDATE", "SET", "DELETE FROM", "CREATE TABLE", "CREATE VIEW", "CREATE INDEX", "DROP TABLE",
            "ALTER TABLE", "JOIN", "LEFT JOIN", "ON", "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "DISTINCT", "AS",
            "COUNT", "SUM", "AVG", "MIN", "MAX", "WITH", "UNION", "CASE", "WHEN", "THEN", "ELSE", "END", "PRIMARY KEY", "INTEGER",
            "TEXT", "DOUBLE", "TIMESTAMP", "DATE", "BOOLEAN", "BLOB");
    private static final List<String> COMMANDS = List.of(".tables", ".schema", ".explain", ".route", ".sync", ".cache", ".vectors",
            ".timer", ".mode", ".read", ".help", ".quit", ".exit");

    private final LumosDB db;
    private final Terminal terminal;
    private final LineReader reader;
    private final Session session;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lumos-shell-statement");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Thread> running = new AtomicReference<>();

    TerminalShell(LumosDB db, boolean verbose) throws IOException {
        this.db = db;
        this.terminal = TerminalBuilder.builder().system(true).build();
        PrintWriter out = terminal.writer();
        this.session = new Session(db, out, out, verbose);
        Completer completer = (r, line, candidates) -> {
            if (line.wordIndex() == 0 && line.word().startsWith(".")) {
                COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
                return;
            }
            KEYWORDS.forEach(k -> candidates.add(new Candidate(k)));
            session.tableNames().forEach(t -> candidates.add(new Candidate(t)));
        };
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("lumos").completer(completer)
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".lumos_history"))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ").build();
        terminal.handle(Terminal.Signal.INT, signal -> {
            Thread t = running.get();
            if (t != null) {
                db.cancel(t); // the statement then fails, and the shell says "query cancelled"
            }
        });
    }

    void loop() {
        PrintWriter out = terminal.writer();
        out.println("Lumos-DB " + LumosCli.version() + " on " + db.directory() + ". End statements with ';', .help for commands.");
        StatementBuffer buffer = new StatementBuffer();
        while (true) {
            String line;
            try {
                line = reader.readLine(buffer.open() ? "   ...> " : "lumos> ");
            } catch (UserInterruptException e) {
                buffer.drain(); // Ctrl-C at the prompt: drop what was typed
                continue;
            } catch (EndOfFileException e) {
                session.finish(buffer);
                return;
            }
            Future<Boolean> f = worker.submit(() -> {
                running.set(Thread.currentThread());
                try {
                    return session.feed(buffer, line);
                } finally {
                    running.set(null);
                }
            });
            try {
                if (!awaitStatement(f)) {
                    return;
                }
            } catch (ExecutionException e) {
                session.error(e.getCause() instanceof Exception ex ? ex : e);
            }
        }
    }

    /**
     * Waits for the statement. A Ctrl-C that comes as readLine returns, before JLine has put back our
     * handler, reaches JLine's own, which interrupts this thread: that is a Ctrl-C for the statement too,
     * so it cancels it and waits on, instead of leaving the shell with the query still running.
     */
    private boolean awaitStatement(Future<Boolean> f) throws ExecutionException {
        while (true) {
            try {
                return f.get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                session.showRunning(); // a statement that runs for seconds says so, and how to stop it
            } catch (InterruptedException e) {
                Thread t = running.get();
                if (t != null) {
                    db.cancel(t);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        worker.shutdownNow();
        terminal.close();
    }
}
