package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lumos import DIR TABLE FILE}: loads CSV, Parquet or JSON into a table, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a CSV, Parquet or JSON file into a table (created with inferred types when missing); all or nothing:"
            + " a CSV line whose field count differs from the header's fails the import unless --skip-bad-lines.")
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        long size = Files.isRegularFile(file) ? Files.size(file) : 0;
        long start = System.nanoTime();
        try (LumosDB db = LumosDB.open(dir)) {
            FileImporter.Imported r = FileImporter.run(db, table, file, skipBadLines, rows -> {
                if (terminal && rows > 0) {
                    double s = (System.nanoTime() - start) / 1e9;
                    err.printf(Locale.ROOT, "\r%s %,d rows, %,.0f rows/s ", bar(rows, size), rows, rows / Math.max(s, 1e-9));
                    err.flush();
                }
            });
            if (terminal) {
                err.println();
            }
            out.printf(Locale.ROOT, "imported %,d rows into %s%s in %.1f s (%,.0f rows/s)%n", r.rows(), table,
                    r.created() ? " (created)" : "", r.seconds(), r.rows() / Math.max(r.seconds(), 1e-9));
            if (r.skipped() > 0) {
                out.printf(Locale.ROOT, "skipped %,d bad line%s: %s%n", r.skipped(), r.skipped() == 1 ? "" : "s", r.skippedLines());
            }
        }
        return 0;
    }

    /** A spinner-like bar: the file's size is known, its row count is not, so it shows activity, not a fraction. */
    private static String bar(long rows, long size) {
        int tick = (int) ((rows / 10_000) % 20);
        return "[" + "=".repeat(tick) + ">" + " ".repeat(19 - tick) + "] " + (size > 0 ? String.format(Locale.ROOT, "%.1f MB file,", size / 1e6) : "");
    }
}
