package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lumos shell DIR}: the interactive shell on a terminal (JLine: history, completion, Ctrl-C cancels
 * the running statement), or a plain script reader when stdin is not a terminal (no prompts, no ANSI codes;
 * the exit code is 1 if any statement failed).
 */
@Command(name = "shell", mixinStandardHelpOptions = true, description = "The interactive SQL shell (reads a script when stdin is not a terminal).")
final class ShellCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory (created if missing)")
    Path dir;

    @CommandLine.Mixin
    FileAccessOption files;

    @CommandLine.ParentCommand
    LumosCli parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LumosDB db = files.open(dir)) {
            if (System.console() != null) {
                try (TerminalShell shell = new TerminalShell(db, parent.verbose)) {
                    shell.loop();
                }
                return 0;
            }
            Session session = new Session(db, out, err, parent.verbose);
            StatementBuffer buffer = new StatementBuffer();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            try {
                while ((line = in.readLine()) != null) {
                    if (!session.feed(buffer, line) || session.bailing()) {
                        return session.errors() > 0 ? 1 : 0;
                    }
                }
                session.finish(buffer);
            } finally {
                session.closeOutput();
            }
            return session.errors() > 0 ? 1 : 0;
        }
    }
}
