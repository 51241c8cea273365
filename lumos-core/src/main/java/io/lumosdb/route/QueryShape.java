package io.lumosdb.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the router needs to know of one parsed statement. Built by {@link StatementAnalyzer}. */
final class QueryShape {
    enum Kind { READ, WRITE, DDL, OTHER }

    /** A column as written: its qualifier (table or alias, lower case, may be null) and name. */
    record ColumnRef(String qualifier, String column) {}

    /** One SELECT block: its tables by alias, the columns it compares with constants, its equi-joins. */
    static final class Scope {
        final Map<String, String> tablesByAlias = new LinkedHashMap<>();
        final List<ColumnRef> keyedColumns = new ArrayList<>();
        final List<ColumnRef[]> joinEdges = new ArrayList<>();
    }

    final Kind kind;
    final String targetTable;
    /** +1 for statements that add rows (INSERT, REPLACE), -1 for DELETE, 0 otherwise. */
    final int rowSign;
    final Set<String> tables = new LinkedHashSet<>();
    final Set<String> analytics = new LinkedHashSet<>();
    final Map<String, String> sqliteOnly = new LinkedHashMap<>();
    /**
     * Columns cast to text (lower case, to the cast as written): the engines agree for dates, text and
     * integers but print reals differently, so the router checks the declared types.
     */
    final Map<String, String> castToText = new LinkedHashMap<>();
    final List<Scope> scopes = new ArrayList<>();
    /** Functions whose value changes between runs (random(), CURRENT_TIMESTAMP, date('now'), ...). */
    final Set<String> nondeterministic = new LinkedHashSet<>();
    /** Whether a date/time function takes a parameter, which may be 'now'. */
    boolean timeParameters;
    Long limit;
    boolean ordered;

    QueryShape(Kind kind, String targetTable) {
        this(kind, targetTable, 0);
    }

    QueryShape(Kind kind, String targetTable, int rowSign) {
        this.kind = kind;
        this.targetTable = targetTable;
        this.rowSign = rowSign;
    }
}
