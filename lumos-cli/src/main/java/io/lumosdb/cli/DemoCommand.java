package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lumos demo [DIR]}: builds a showcase database and explains what each step did. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Build a showcase database (TPC-H LINEITEM and agent memories) and run a lookup, an analysis, a vector search and a recall.")
final class DemoCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "where to build it (default: a new temporary directory)")
    Path dir;

    @Option(names = "--scale", defaultValue = "0.01", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}, about 60,000 rows)")
    double scale;

    @Option(names = "--memories", defaultValue = "2000", description = "agent memories to store (default: ${DEFAULT-VALUE})")
    int memories;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(scale >= 0.01 && scale <= 10)) {
            throw new IllegalArgumentException("--scale must be 0.01 to 10, was " + scale);
        }
        if (memories < 1 || memories > 1_000_000) {
            throw new IllegalArgumentException("--memories must be 1 to 1,000,000, was " + memories);
        }
        Path where = dir != null ? dir : Files.createTempDirectory("lumos-demo-");
        if (Files.isDirectory(where) && Files.exists(where.resolve("lumos.sqlite"))) {
            throw new IllegalArgumentException(where + " already holds a database; give the demo a new directory");
        }
        try (LumosDB db = LumosDB.open(where)) {
            new Demo(db, spec.commandLine().getOut()).run(scale, memories);
        }
        return 0;
    }
}
