package io.lumosdb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code lumos} command: an interactive shell, one-shot SQL, import and export, a demo, the server, its keys, restore.
 *
 * <pre>
 * java -jar lumos.jar demo                       # build a showcase database and explain what it does
 * java -jar lumos.jar shell data/app             # the interactive shell
 * java -jar lumos.jar sql data/app "SELECT count(*) FROM orders" --format csv
 * java -jar lumos.jar import data/app orders orders.parquet
 * java -jar lumos.jar export data/app "SELECT * FROM orders" orders.json
 * java -jar lumos.jar serve data/app --port 8765     # the database over HTTP (docs/server.md)
 * java -jar lumos.jar keys create data/app --role read
 * java -jar lumos.jar restore data/app backup.sqlite
 * </pre>
 *
 * <p>Errors are one line on stderr and a non-zero exit code; {@code --verbose} adds the stack trace and
 * the library's log.
 */
@Command(name = "lumos", mixinStandardHelpOptions = true, versionProvider = LumosCli.Version.class,
        description = "Lumos-DB: SQLite for transactions, DuckDB for analytics, vectors and agent memory, in one directory.")
public final class LumosCli implements Runnable {
    /**
     * The subcommands, by name, registered in {@link #execute(PrintWriter, PrintWriter, String...)}: only the
     * one the command line names, when it names one. picocli reads each command's annotations by reflection,
     * and the server's commands load the server's classes: about a third of a second of every start-up.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("shell", ShellCommand::new);
        m.put("sql", SqlCommand::new);
        m.put("import", ImportCommand::new);
        m.put("export", ExportCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("keys", KeysCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("version", VersionCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces on errors, and the library's log")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line {@code args}; returns the exit code. */
    static int execute(String... args) {
        // the writers picocli would make (System.out and System.err in the console's encoding), without building the
        // command model a second time just to ask for them: that costs a tenth of a second of start-up
        java.nio.charset.Charset charset = System.console() != null ? System.console().charset() : java.nio.charset.Charset.defaultCharset();
        return execute(new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true), args);
    }

    /**
     * Runs the command line {@code args} with its output and errors going to {@code out} and {@code err}:
     * the entry point of {@link #main}, and of tests that check output and exit code in process.
     */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = java.util.List.of(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        CommandLine cli = new CommandLine(new LumosCli());
        String named = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        if (named != null && SUBCOMMANDS.containsKey(named) && !named.equals("help")) {
            cli.addSubcommand(named, SUBCOMMANDS.get(named).get());
        } else { // no command, help, or a name to report as unknown: all of them, for the usage
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("Error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    /** The version of the build, from the jar. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = LumosCli.class.getResourceAsStream("/lumos-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lumos " + version() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }

    @Command(name = "version", description = "Print the version.")
    static final class VersionCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println(new Version().getVersion()[0]);
        }
    }
}
