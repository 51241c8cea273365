package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lumos sql DIR "SQL" [--format MODE]}: runs statements and dot-commands once, for scripts. Each line of
 * the text that starts with a dot (outside a statement) is a dot-command, as in the shell; the first error stops
 * the run (exit code 1) unless {@code .bail off}.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run SQL (and dot-commands) once and print the result (for scripts).")
final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory (created if missing)")
    Path dir;

    @Parameters(index = "1", paramLabel = "SQL", description = "statements separated by ';', and dot-commands on lines of their own")
    String sql;

    @Option(names = "--format", defaultValue = "table", description = "table, box, markdown, csv, tabs, json, jsonl, line, list,"
            + " html or insert (default: ${DEFAULT-VALUE})")
    String format;

    @Mixin
    FileAccessOption files;

    @CommandLine.ParentCommand
    LumosCli parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputMode mode = OutputMode.parse(format);
        PrintWriter out = spec.commandLine().getOut();
        if (sql.isBlank()) {
            throw new IllegalArgumentException("no SQL statement given");
        }
        try (LumosDB db = files.open(dir, true)) { // one run: DuckDB is loaded only if a statement needs it
            Session session = new Session(db, out, spec.commandLine().getErr(), parent != null && parent.verbose);
            session.mode(mode);
            session.bail(true);
            StatementBuffer buffer = new StatementBuffer();
            try {
                for (String line : sql.split("\\R", -1)) {
                    if (!session.feed(buffer, line) || session.bailing()) {
                        return session.errors() > 0 ? 1 : 0;
                    }
                }
                session.finish(buffer);
            } finally {
                session.closeOutput();
            }
            out.flush();
            return session.errors() > 0 ? 1 : 0;
        }
    }
}
