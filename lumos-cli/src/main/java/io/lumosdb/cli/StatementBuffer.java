package io.lumosdb.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects input lines into SQL statements that end with {@code ;} outside quotes and comments (so a
 * statement may span lines, and a line may hold several). A line starting with {@code .} while no statement
 * is open is a dot-command.
 */
final class StatementBuffer {
    private final StringBuilder pending = new StringBuilder();

    /** Whether a statement has begun and not ended. */
    boolean open() {
        return !pending.toString().isBlank();
    }

    /** Adds a line; returns the statements it completed (without the {@code ;}). */
    List<String> add(String line) {
        List<String> done = new ArrayList<>();
        pending.append(line).append('\n');
        String text = pending.toString();
        int start = 0;
        char quote = 0;
        boolean lineComment = false;
        boolean blockComment = false;
        int depth = 0; // BEGIN ... END of CREATE TRIGGER
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (lineComment) {
                lineComment = ch != '\n';
            } else if (blockComment) {
                if (ch == '*' && next == '/') {
                    blockComment = false;
                    i++;
                }
            } else if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '-' && next == '-') {
                lineComment = true;
            } else if (ch == '/' && next == '*') {
                blockComment = true;
            } else if (Character.isLetter(ch) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                String word = word(text, i);
                if (word.equalsIgnoreCase("BEGIN") && isTrigger(text.substring(start, i))) {
                    depth++;
                } else if (word.equalsIgnoreCase("END") && depth > 0) {
                    depth--;
                }
                i += word.length() - 1;
            } else if (ch == ';' && depth == 0) {
                String stmt = text.substring(start, i).strip();
                if (!stmt.isEmpty()) {
                    done.add(stmt);
                }
                start = i + 1;
            }
        }
        pending.setLength(0);
        pending.append(text.substring(start).isBlank() ? "" : text.substring(start));
        return done;
    }

    /** What is left when input ends (a last statement without {@code ;}), then empty. */
    String drain() {
        String rest = pending.toString().strip();
        pending.setLength(0);
        return rest;
    }

    private static String word(String text, int from) {
        int end = from;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return text.substring(from, end);
    }

    private static boolean isTrigger(String statementSoFar) {
        return statementSoFar.toUpperCase(java.util.Locale.ROOT).matches("(?s)\\s*CREATE\\s+(TEMP\\w*\\s+)?TRIGGER\\b.*");
    }
}
