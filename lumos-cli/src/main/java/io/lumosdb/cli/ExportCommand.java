package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lumos export DIR "SQL" FILE}: writes a query's result as CSV, Parquet or JSON. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a query's result to CSV, Parquet or JSON (by the file's extension).")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory")
    Path dir;

    @Parameters(index = "1", paramLabel = "SQL", description = "a SELECT")
    String sql;

    @Parameters(index = "2", paramLabel = "FILE", description = ".csv, .parquet, .json")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        try (LumosDB db = LumosDB.open(dir)) {
            ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), System.console() != null);
            long rows;
            try {
                rows = FileExporter.run(db, sql, file, progress::update);
            } finally {
                progress.finish();
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "exported %,d rows to %s in %.1f s%n", rows, file,
                    (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
