package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lumos import DIR TABLE FILE}: loads CSV, Parquet or JSON into a table, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a CSV, Parquet or JSON file into a table (created with inferred types when missing; --replace or"
            + " --truncate an existing one); all or nothing: a CSV line whose field count differs from the header's fails the import unless --skip-bad-lines.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the database directory")
    Path dir;

    @Parameters(index = "1", paramLabel = "TABLE")
    String table;

    @Parameters(index = "2", paramLabel = "FILE", description = ".csv, .tsv, .parquet, .json, .jsonl or .ndjson")
    Path file;

    @Option(names = "--skip-bad-lines", description = "CSV: leave out lines whose field count differs from the header's"
            + " (and lines with text after a closing quote), and report them; without it such a line fails the import")
    boolean skipBadLines;

    @Option(names = "--replace", description = "drop an existing table first and create it from the file's columns")
    boolean replace;

    @Option(names = "--truncate", description = "delete an existing table's rows first (its columns stay)")
    boolean truncate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (replace && truncate) {
            throw new IllegalArgumentException("--replace and --truncate contradict each other: choose one");
        }
        PrintWriter out = spec.commandLine().getOut();
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), System.console() != null);
        FileImporter.Existing existing = replace ? FileImporter.Existing.REPLACE
                : truncate ? FileImporter.Existing.TRUNCATE : FileImporter.Existing.APPEND;
        try (LumosDB db = LumosDB.open(dir)) {
            FileImporter.Imported r;
            try {
                r = FileImporter.run(db, table, file, skipBadLines, existing, progress::total, progress::update);
            } finally {
                progress.finish();
            }
            out.printf(Locale.ROOT, "imported %,d rows into %s%s in %.1f s (%,.0f rows/s)%n", r.rows(), table,
                    r.created() ? (existing == FileImporter.Existing.REPLACE ? " (created anew)" : " (created)")
                            : existing == FileImporter.Existing.TRUNCATE ? " (emptied first)" : "",
                    r.seconds(), r.rows() / Math.max(r.seconds(), 1e-9));
            if (r.skipped() > 0) {
                out.printf(Locale.ROOT, "skipped %,d bad line%s: %s%n", r.skipped(), r.skipped() == 1 ? "" : "s", r.skippedLines());
            }
        }
        return 0;
    }
}
