package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a filter into tokens in one pass, refusing at once (with the position) anything the filter
 * language has no use for: comments, statement separators, string prefixes, unterminated quotes, stray
 * characters. Text constants are {@code '...'} with {@code ''} for a quote; nothing else escapes (a
 * backslash is a backslash). Field names are bare ({@code lang}, {@code tags.kind}) or quoted
 * ({@code "a b"}, {@code `a b`}, with the quote doubled inside), parts joined by dots.
 *
 * <p>Why our own: the filter used to be parsed by JSqlParser, a full SQL grammar whose lookahead is
 * super-linear on nested parentheses (an {@code IN} list of 100 constants each in 31 parentheses took
 * 158 s) and whose recursion overflows the stack on long chains. This lexer and {@link FilterParser} are
 * linear in the text and never recurse on it.
 */
final class FilterLexer {
    enum Kind { NAME, KEYWORD, STRING, NUMBER, MINUS, LPAREN, RPAREN, COMMA, OPERATOR, END }

    /**
     * One token; {@code position} is 1-based. {@code value} is the field name (parts joined by dots,
     * unquoted) for NAME, the text for STRING, the upper-case word for KEYWORD, the characters otherwise.
     */
    record Token(Kind kind, String value, int position) {
        /** The token as an error message names it. */
        String describe() {
            return switch (kind) {
                case END -> "the end";
                case STRING -> "text constant " + MetadataFilter.abbreviate(value);
                case NAME -> "field " + MetadataFilter.abbreviate(value);
                default -> MetadataFilter.abbreviate(value);
            };
        }

        boolean is(String keyword) {
            return kind == Kind.KEYWORD && value.equals(keyword);
        }
    }

    /** The words of the language; quoted, they are field names. */
    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS", "NULL", "TRUE", "FALSE");

    private final String text;
    private int i;

    private FilterLexer(String text) {
        this.text = text;
    }

    /**
     * The tokens of {@code text}, ending with {@link Kind#END}.
     *
     * @throws IllegalArgumentException naming the first character that is not part of the language, and where
     */
    static List<Token> tokens(String text) {
        FilterLexer lexer = new FilterLexer(text);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            out.add(t);
        } while (t.kind() != Kind.END);
        return out;
    }

    private Token next() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i == text.length()) {
            return new Token(Kind.END, "", start + 1);
        }
        char c = text.charAt(i);
        Kind single = c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : c == ',' ? Kind.COMMA : c == '=' ? Kind.OPERATOR : null;
        if (single != null) {
            i++;
            return new Token(single, String.valueOf(c), start + 1);
        }
        switch (c) {
            case '\'':
                return new Token(Kind.STRING, quoted('\''), start + 1);
            case '<':
            case '>':
                i++;
                if (i < text.length() && (text.charAt(i) == '=' || c == '<' && text.charAt(i) == '>')) {
                    i++;
                }
                return new Token(Kind.OPERATOR, text.substring(start, i), start + 1);
            case '!':
                if (i + 1 < text.length() && text.charAt(i + 1) == '=') {
                    i += 2;
                    return new Token(Kind.OPERATOR, "!=", start + 1);
                }
                throw refuse("'!' is not an operator (write NOT, or != for not equal)", start);
            case '-':
                if (i + 1 < text.length() && text.charAt(i + 1) == '-') {
                    throw refuse("comments ('--') are not allowed", start);
                }
                i++;
                return new Token(Kind.MINUS, "-", start + 1);
            case '/':
                if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    throw refuse("comments ('/*') are not allowed", start);
                }
                break;
            case ';':
                throw refuse("';' is not allowed: a filter is one predicate, not statements", start);
            default:
                break;
        }
        if (c == '"' || c == '`' || Character.isLetter(c) || c == '_') {
            return name(start);
        }
        if (isDigit(c) || c == '.' && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
            return number(start);
        }
        throw refuse("unexpected character " + describe(text.codePointAt(i)), start);
    }

    /** A field name or a keyword: parts (bare or quoted) joined by dots. */
    private Token name(int start) {
        StringBuilder name = new StringBuilder();
        boolean quotedOrDotted = false;
        while (true) {
            char c = text.charAt(i);
            if (c == '"' || c == '`') {
                name.append(quoted(c));
                quotedOrDotted = true;
            } else if (Character.isLetter(c) || c == '_') {
                int from = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                name.append(text, from, i);
            } else {
                throw refuse("a field name part is missing after '.'", i);
            }
            if (i + 1 < text.length() && text.charAt(i) == '.') {
                i++;
                name.append('.');
                quotedOrDotted = true;
            } else {
                break;
            }
        }
        if (name.isEmpty()) {
            throw refuse("a field name is empty", start);
        }
        String word = name.toString().toUpperCase(Locale.ROOT);
        if (!quotedOrDotted && KEYWORDS.contains(word)) {
            return new Token(Kind.KEYWORD, word, start + 1);
        }
        if (i < text.length() && text.charAt(i) == '\'') {
            throw refuse("a name directly before a text constant (a string prefix such as N'...') is not allowed", i);
        }
        return new Token(Kind.NAME, name.toString(), start + 1);
    }

    /** The text between {@code quote} at {@code i} and its closing quote, a doubled quote standing for one. */
    private String quoted(char quote) {
        int start = i;
        StringBuilder s = new StringBuilder();
        i++;
        while (true) {
            int end = text.indexOf(quote, i);
            if (end < 0) {
                throw refuse((quote == '\'' ? "the text constant" : "the quoted name") + " starting here is not closed", start);
            }
            s.append(text, i, end);
            i = end + 1;
            if (i < text.length() && text.charAt(i) == quote) {
                s.append(quote);
                i++;
            } else {
                return s.toString();
            }
        }
    }

    /** Digits, an optional fraction, an optional exponent; its value is read by the parser (with its sign). */
    private Token number(int start) {
        digits();
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            if (i == text.length() || !isDigit(text.charAt(i))) {
                throw refuse("the number's exponent has no digits", start);
            }
            digits();
        }
        if (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '.')) {
            throw refuse("unexpected character " + describe(text.codePointAt(i)) + " after a number", i);
        }
        return new Token(Kind.NUMBER, text.substring(start, i), start + 1);
    }

    private void digits() {
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String describe(int codePoint) {
        if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || !Character.isDefined(codePoint)) {
            return String.format(Locale.ROOT, "U+%04X", codePoint);
        }
        return "'" + new String(Character.toChars(codePoint)) + "'";
    }

    private IllegalArgumentException refuse(String why, int index) {
        return MetadataFilter.refuse(text, why + " at position " + (index + 1));
    }
}
