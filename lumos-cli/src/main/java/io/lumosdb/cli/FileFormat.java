package io.lumosdb.cli;

import java.nio.file.Path;
import java.util.Locale;

/** File formats of import and export, by extension; DuckDB reads and writes them. */
enum FileFormat {
    CSV, PARQUET, JSON;

    static FileFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".csv.gz")) {
            return CSV;
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSON;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file.getFileName()
                + ": name it .csv, .tsv, .parquet, .json, .jsonl or .ndjson");
    }

    /**
     * A DuckDB table function reading {@code file}; a CSV file with {@code delimiter} (chosen by
     * {@link CsvCheck#delimiter}). The CSV dialect is given, not sniffed, and the reader strict, so that
     * DuckDB parses the file as {@link CsvCheck} checked it: its sniffer would read a ragged file as one
     * text column, and drop lines starting with {@code #} as comments. Only the column types are inferred.
     */
    String reader(Path file, byte delimiter) {
        String path = quote(file.toAbsolutePath().toString());
        return switch (this) {
            case CSV -> "read_csv(" + path + ", header = true, delim = " + quote(String.valueOf((char) delimiter))
                    + ", quote = '\"', escape = '\"', comment = '', skip = 0, strict_mode = true, null_padding = false,"
                    + " ignore_errors = false, auto_detect = true)";
            case PARQUET -> "read_parquet(" + path + ")";
            case JSON -> "read_json_auto(" + path + ")";
        };
    }

    /** The options of DuckDB's {@code COPY ... TO} for this format. */
    String copyOptions() {
        return switch (this) {
            case CSV -> "(FORMAT csv, HEADER true)";
            case PARQUET -> "(FORMAT parquet)";
            case JSON -> "(FORMAT json, ARRAY true)";
        };
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
