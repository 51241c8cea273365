package io.lumosdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a runner printed to {@code System.out} during one call (captured, then echoed to the build log), read
 * back: lines, Markdown tables by their header row, and numbers as the runners format them
 * ({@code 1,234}, {@code 0.67x}).
 */
final class PrintedMarkdown {
    /** A runner's {@code main}, or anything else that prints. */
    @FunctionalInterface
    interface Printer {
        void print() throws Exception;
    }

    private final String text;

    private PrintedMarkdown(String text) {
        this.text = text;
    }

    /** Runs {@code printer} with {@code System.out} captured; the stream is restored whatever happens. */
    static PrintedMarkdown of(Printer printer) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            printer.print();
        } finally {
            System.setOut(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        saved.print(text);
        return new PrintedMarkdown(text);
    }

    String text() {
        return text;
    }

    void assertContains(String part) {
        assertTrue(text.contains(part), () -> "expected the output to contain: " + part + "\n---\n" + text);
    }

    /** The groups of the first match of {@code regex}, which must match. */
    List<String> find(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), () -> "expected the output to match: " + regex + "\n---\n" + text);
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            groups.add(m.group(i));
        }
        return groups;
    }

    /** The number the first group of {@code regex} captures. */
    double matchedNumber(String regex) {
        return number(find(regex).get(0));
    }

    /** The body rows of every Markdown table whose header line is exactly {@code header}, each row its trimmed cells. */
    List<List<List<String>>> tables(String header) {
        List<String> lines = text.lines().toList();
        List<List<List<String>>> tables = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(header)) {
                continue;
            }
            assertTrue(i + 1 < lines.size() && lines.get(i + 1).startsWith("|---"), () -> "no separator under " + header);
            List<List<String>> rows = new ArrayList<>();
            for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                String line = lines.get(j);
                rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toList());
            }
            int cells = header.split("\\|").length - 1;
            for (List<String> row : rows) {
                assertEquals(cells, row.size(), () -> "cells of " + row + " under " + header);
            }
            tables.add(rows);
        }
        assertFalse(tables.isEmpty(), () -> "no table with the header " + header + "\n---\n" + text);
        return tables;
    }

    /** The body rows of the one Markdown table under {@code header}. */
    List<List<String>> table(String header) {
        List<List<List<String>>> tables = tables(header);
        assertEquals(1, tables.size(), () -> "tables with the header " + header);
        return tables.get(0);
    }

    /** A number as the runners print it: digits grouped with commas, perhaps a trailing {@code x}. */
    static double number(String cell) {
        return Double.parseDouble(cell.replace(",", "").replaceAll("x$", "").trim());
    }

    /** The numbers of a cell that lists several, {@code "0.02, 0.03"} or {@code "0.53 / 6.80"}. */
    static double[] numbers(String cell) {
        return Arrays.stream(cell.split(",\\s+|\\s*/\\s*")).mapToDouble(PrintedMarkdown::number).toArray();
    }
}
