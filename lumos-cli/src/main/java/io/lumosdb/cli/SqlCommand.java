package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lumos sql DIR "SQL" [--format table|csv|json]}: runs statements once, for scripts. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run SQL once and print the result (for scripts).")
final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory (created if missing)")
    Path dir;

    @Parameters(index = "1", paramLabel = "SQL", description = "one or more statements, separated by ';'")
    String sql;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputMode mode = OutputMode.parse(format);
        PrintWriter out = spec.commandLine().getOut();
        try (LumosDB db = LumosDB.open(dir)) {
            Session session = new Session(db, out, spec.commandLine().getErr(), false);
            session.mode(mode);
            StatementBuffer buffer = new StatementBuffer();
            List<String> statements = new java.util.ArrayList<>(buffer.add(sql));
            String rest = buffer.drain();
            if (!rest.isEmpty()) {
                statements.add(rest);
            }
            if (statements.isEmpty()) {
                throw new IllegalArgumentException("no SQL statement given");
            }
            for (String s : statements) {
                session.run(s);
            }
        }
        out.flush();
        return 0;
    }
}
