package io.lumosdb;

/**
 * How deeply nested and how long a statement may be, checked by one linear scan before any parser
 * sees the text. Hostile or generated SQL ({@code SELECT 1+1+...} with 5,000 terms, a thousand nested
 * parentheses) otherwise overflows a recursive parser's stack, or sends a backtracking one into
 * exponential time; SQLite itself stops at an expression depth of 1,000 and a parser stack of 100.
 * A text over a limit fails with {@link java.sql.SQLSyntaxErrorException} (SQLState 54001, statement
 * too complex) naming the limit.
 *
 * <pre>{@code
 * LumosDB db = LumosDB.builder().directory(dir).sqlLimits(SqlLimits.of(200, 5_000)).open();
 * }</pre>
 *
 * <p>Brackets (round, square and curly) count as nesting, also inside SQLite's {@code [identifier]} quoting, which
 * DuckDB reads as a list: the count errs towards refusing, never towards letting a deep text through to
 * an engine that reads it otherwise. A <em>term</em> is an operand of a chain of arithmetic, bitwise,
 * concatenation or logical operators at one nesting level ({@code a = 1 OR a = 2 OR a = 3} has three;
 * comparisons do not chain); a comma ends a chain, so wide select lists and long {@code IN} lists are
 * never limited.
 */
public final class SqlLimits {
    /** Default deepest bracket nesting: SQLite's parser stack holds 100. */
    public static final int DEFAULT_MAX_NESTING = 100;
    /** Default longest operator chain: SQLite refuses expressions deeper than 1,000. */
    public static final int DEFAULT_MAX_TERMS = 1_000;

    private final int maxNesting;
    private final int maxTerms;

    private SqlLimits(int maxNesting, int maxTerms) {
        this.maxNesting = maxNesting;
        this.maxTerms = maxTerms;
    }

    /**
     * Limits of {@code maxNesting} brackets and {@code maxTerms} operands per operator chain.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public static SqlLimits of(int maxNesting, int maxTerms) {
        if (maxNesting <= 0 || maxTerms <= 0) {
            throw new IllegalArgumentException("SQL limits must be positive, were nesting " + maxNesting + " and terms " + maxTerms);
        }
        return new SqlLimits(maxNesting, maxTerms);
    }

    /** The defaults, {@value #DEFAULT_MAX_NESTING} and {@value #DEFAULT_MAX_TERMS}. */
    public static SqlLimits defaults() {
        return new SqlLimits(DEFAULT_MAX_NESTING, DEFAULT_MAX_TERMS);
    }

    public int maxNesting() {
        return maxNesting;
    }

    public int maxTerms() {
        return maxTerms;
    }

    @Override
    public String toString() {
        return "SqlLimits[nesting " + maxNesting + ", terms " + maxTerms + "]";
    }
}
