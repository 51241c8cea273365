package io.lumosdb.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Checks the shape of a CSV file before anything is imported: every line must have as many fields as the
 * header, and the lines are numbered as a text editor shows them.
 *
 * <pre>{@code
 * CsvCheck check = CsvCheck.scan(file, CsvCheck.delimiter(file), null);
 * if (check.badLines() > 0) {
 *     throw new SQLDataException(check.describeBad(file)); // "orders.csv line 512 has 4 fields, the header has 3"
 * }
 * }</pre>
 *
 * <p>Why not leave this to DuckDB's {@code read_csv} (duckdb_jdbc 2.0.0.1, verified)? With its sniffer
 * (the default) one ragged line among a thousand makes the whole file a single text column named
 * {@code "id,name,amount"}, imported without complaint (issue 18). With {@code strict_mode} and the dialect
 * given, a ragged line among the first 20,480 fails the sniffer with no line number at all, and a later
 * one is reported by record count, which is not the editor's line once a quoted field holds a newline.
 * {@code ignore_errors}/{@code store_rejects} skip values that do not cast as well as ragged lines. So
 * the file is read here once, as RFC 4180 says (fields in double quotes may hold delimiters, line breaks
 * and doubled quotes), and DuckDB then reads it with the same dialect in strict mode as a second line of
 * defence. Bytes are read, not characters: in UTF-8 the delimiter, quote and line breaks never occur
 * inside a multi-byte character.
 *
 * <p>Conventions, matched to what DuckDB's reader does: a line break is LF, CRLF or CR; an empty line is
 * no record (unless the header has one field: then it is a row holding NULL); a quote opens a quoted
 * field only at the field's start (elsewhere it is text); text after a closing quote makes the line bad.
 */
final class CsvCheck {
    /** How many bad lines a report lists by number. */
    private static final int LISTED = 5;

    /** A line that does not fit: {@code fields} it has, or a {@code problem} other than the field count. */
    private record BadLine(long line, int fields, String problem) {
        String describe(int headerFields) {
            return problem != null ? "line " + line + " " + problem
                    : "line " + line + " has " + fields + (fields == 1 ? " field" : " fields") + ", the header has " + headerFields;
        }
    }

    private final int headerFields;
    private final long badLines;
    private final List<BadLine> firstBad; // the first LISTED

    private CsvCheck(int headerFields, long badLines, List<BadLine> firstBad) {
        this.headerFields = headerFields;
        this.badLines = badLines;
        this.firstBad = List.copyOf(firstBad);
    }

    /** The data lines whose fields do not match the header. */
    long badLines() {
        return badLines;
    }

    /** "line 512 has 4 fields, the header has 3", with how many more there are. */
    String describeBad(Path file) {
        StringBuilder s = new StringBuilder(file.getFileName() + " " + firstBad.get(0).describe(headerFields));
        if (badLines > 1) {
            s.append(" (").append(badLines).append(" bad lines in all: ").append(lineList()).append(')');
        }
        return s.toString();
    }

    /** "5, 512, 700 and 2 more (the first: line 5 has 4 fields, the header has 3)", for a report of skipped lines. */
    String skippedReport() {
        return lineList() + " (the first: " + firstBad.get(0).describe(headerFields) + ")";
    }

    /** "5, 512, 700 and 2 more". */
    private String lineList() {
        StringBuilder s = new StringBuilder();
        for (BadLine b : firstBad) {
            s.append(s.length() == 0 ? "" : ", ").append(b.line());
        }
        return badLines > firstBad.size() ? s + " and " + (badLines - firstBad.size()) + " more" : s.toString();
    }

    // ---------------------------------------------------------------- scanning

    /**
     * Reads {@code file} once; when {@code goodLinesTo} is given, writes the header and every line that fits
     * to it, byte for byte (the file DuckDB then reads when bad lines are skipped).
     *
     * @throws SQLDataException naming the line if the file has no header, or a quoted field is never closed
     *     (everything after it would be one field: not a bad line that can be skipped)
     */
    static CsvCheck scan(Path file, byte delimiter, OutputStream goodLinesTo) throws IOException, SQLDataException {
        long[] bad = {0};
        List<BadLine> firstBad = new ArrayList<>();
        int header = read(file, delimiter, goodLinesTo, (line, problem) -> {
            if (problem != null && bad[0]++ < LISTED) {
                firstBad.add(problem);
            }
            return true;
        });
        return new CsvCheck(header, bad[0], firstBad);
    }

    /**
     * The editor's line number of data row {@code row} (1-based) among the lines that fit the header: for
     * an error about a row, which DuckDB and the database know only by position.
     */
    static long lineOfRow(Path file, byte delimiter, long row) throws IOException, SQLDataException {
        long[] seen = {0};
        long[] found = {-1};
        read(file, delimiter, null, (line, problem) -> {
            if (problem == null && ++seen[0] == row) {
                found[0] = line;
                return false;
            }
            return true;
        });
        return found[0];
    }

    /**
     * The delimiter of a CSV file: tab for {@code .tsv}; otherwise whichever of comma, tab, semicolon and bar
     * occurs most often (outside quotes) in the first line, comma when none does. Chosen once, here, and
     * given to DuckDB too, so that both read the file the same way.
     */
    static byte delimiter(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tsv") || name.endsWith(".tsv.gz")) {
            return '\t';
        }
        byte[] candidates = {',', '\t', ';', '|'};
        int[] counts = new int[candidates.length];
        try (InputStream in = open(file)) {
            boolean quoted = false;
            for (int b = in.read(), n = 0; b >= 0 && n < 1 << 20; b = in.read(), n++) {
                if (b == '"') {
                    quoted = !quoted;
                } else if (!quoted && (b == '\n' || b == '\r')) {
                    break;
                }
                for (int i = 0; i < candidates.length; i++) {
                    counts[i] += !quoted && b == candidates[i] ? 1 : 0;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < candidates.length; i++) {
            best = counts[i] > counts[best] ? i : best;
        }
        return candidates[best];
    }

    /** Hears each data line: its number, and what is wrong with it (null when it fits); false stops. */
    private interface LineVisitor {
        boolean line(long line, BadLine problem) throws IOException;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Parses {@code file}, returns the header's field count. */
    private static int read(Path file, byte delimiter, OutputStream goodLinesTo, LineVisitor visitor)
            throws IOException, SQLDataException {
        try (InputStream in = open(file)) {
            return new Parser(file, delimiter, goodLinesTo, visitor).run(in);
        }
    }

    /** The RFC 4180 state machine, one byte at a time. */
    private static final class Parser {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_IN_QUOTED = 3; // a quote inside a quoted field: closes it, or doubles

        private final Path file;
        private final byte delimiter;
        private final OutputStream copy;
        private final LineVisitor visitor;
        private final RecordBuffer record;
        private int state = FIELD_START;
        private long line = 1;          // the editor's line of the byte being read
        private long recordLine = 1;    // the line the current record starts on
        private long quoteLine;         // the line the open quoted field starts on
        private int fields = 1;
        private boolean content;        // the record has a byte other than its line break
        private String problem;
        private boolean afterCr;
        private boolean crEndedRecord;  // the CR before an LF ended a record: the LF belongs to that record
        private boolean lastKept;       // the record before the current one was copied
        private int headerFields = -1;

        Parser(Path file, byte delimiter, OutputStream copy, LineVisitor visitor) {
            this.file = file;
            this.delimiter = delimiter;
            this.copy = copy;
            this.visitor = visitor;
            this.record = new RecordBuffer(copy != null);
        }

        int run(InputStream in) throws IOException, SQLDataException {
            byte[] buf = new byte[1 << 16];
            int n = in.readNBytes(buf, 0, 3);
            int start = n == 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF ? 3 : 0;
            if (copy != null && start == 3) {
                copy.write(buf, 0, 3); // the byte-order mark stays, DuckDB skips it as well
            }
            boolean go = step(buf, start, n);
            while (go && (n = in.read(buf)) > 0) {
                go = step(buf, 0, n);
            }
            if (!go) {
                return headerFields;
            }
            if (state == QUOTED) {
                throw new SQLDataException(file.getFileName() + " line " + quoteLine + " opens a quoted field that is never closed"
                        + " (a stray '\"'?); nothing imported", "22P04");
            }
            if (content || fields > 1) {
                endRecord();
            }
            if (headerFields < 0) {
                throw new SQLDataException(file.getFileName() + " has no header line; nothing imported", "22P04");
            }
            return headerFields;
        }

        /** Feeds {@code buf[from, to)}; false once the visitor asked to stop. */
        private boolean step(byte[] buf, int from, int to) throws IOException, SQLDataException {
            for (int i = from; i < to; i++) {
                byte b = buf[i];
                boolean lf = b == '\n';
                boolean lineBreak = lf || b == '\r';
                if (lf && afterCr) { // the LF of a CRLF: the line already ended at the CR
                    afterCr = false;
                    if (!crEndedRecord) {
                        record.add(b);
                    } else if (lastKept && copy != null) {
                        copy.write(b);
                    }
                    continue;
                }
                afterCr = b == '\r';
                crEndedRecord = false;
                if (state == QUOTED || (state == QUOTE_IN_QUOTED && b == '"')) {
                    state = b == '"' && state == QUOTED ? QUOTE_IN_QUOTED : QUOTED;
                    line += lineBreak ? 1 : 0;
                    content = true;
                    record.add(b);
                    continue;
                }
                if (lineBreak) {
                    record.add(b);
                    line++;
                    crEndedRecord = afterCr;
                    if (!endRecord()) {
                        return false;
                    }
                    continue;
                }
                content = true;
                record.add(b);
                if (b == delimiter) {
                    fields++;
                    state = FIELD_START;
                } else if (state == FIELD_START && b == '"') {
                    state = QUOTED;
                    quoteLine = line;
                } else if (state == QUOTE_IN_QUOTED) {
                    problem = problem != null ? problem : "has text after the closing quote of field " + fields;
                    state = UNQUOTED;
                } else {
                    state = UNQUOTED;
                }
            }
            return true;
        }

        /** The record read so far is complete: judge it, hand it on, start the next; false to stop. */
        private boolean endRecord() throws IOException, SQLDataException {
            boolean go = true;
            boolean blank = !content && fields == 1;
            if (headerFields < 0) {
                if (blank) {
                    throw new SQLDataException(file.getFileName() + " line " + recordLine + " is empty: the first line must be"
                            + " the header; nothing imported", "22P04");
                }
                if (problem != null) {
                    throw new SQLDataException(file.getFileName() + " line " + recordLine + " (the header) " + problem
                            + "; nothing imported", "22P04");
                }
                headerFields = fields;
                lastKept = record.writeTo(copy);
            } else if (!blank || headerFields == 1) {
                BadLine bad = problem != null || fields != headerFields ? new BadLine(recordLine, fields, problem) : null;
                lastKept = bad == null && record.writeTo(copy);
                go = visitor.line(recordLine, bad);
            } else {
                lastKept = record.writeTo(copy);
            }
            record.clear();
            recordLine = line;
            fields = 1;
            content = false;
            problem = null;
            state = FIELD_START;
            return go;
        }

        /** The bytes of the current record, kept only when good lines are copied. */
        private static final class RecordBuffer {
            private final boolean keep;
            private byte[] bytes = new byte[4096];
            private int size;

            RecordBuffer(boolean keep) {
                this.keep = keep;
            }

            void add(byte b) {
                if (!keep) {
                    return;
                }
                if (size == bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, size * 2);
                }
                bytes[size++] = b;
            }

            /** Writes the record to {@code out} if there is one; true if it was written. */
            boolean writeTo(OutputStream out) throws IOException {
                if (out != null) {
                    out.write(bytes, 0, size);
                }
                return out != null;
            }

            void clear() {
                size = 0;
            }
        }
    }
}
