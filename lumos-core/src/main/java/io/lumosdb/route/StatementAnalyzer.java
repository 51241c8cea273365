package io.lumosdb.route;

import io.lumosdb.sync.Affinity;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Parses one statement with JSqlParser and walks it once, collecting a {@link QueryShape}: the tables
 * it reads (through subqueries and CTEs), whether it aggregates, groups or uses window functions, the
 * columns each SELECT block compares with constants or joins on, and anything whose meaning differs
 * between SQLite and DuckDB.
 *
 * <p>The walk extends JSqlParser's {@link TablesNamesFinder}, which already visits every expression and
 * subquery; the overrides only take notes and hand back to it.
 */
final class StatementAnalyzer extends TablesNamesFinder<Void> {
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "total", "group_concat",
            "string_agg", "listagg", "median", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "bool_and", "bool_or", "every", "any_value", "first", "last", "mode", "quantile", "percentile_cont",
            "percentile_disc", "approx_count_distinct", "array_agg", "list", "corr", "covar_pop", "covar_samp");

    /** Functions SQLite has and DuckDB lacks or evaluates differently: statements using them stay on SQLite. */
    private static final Map<String, String> SQLITE_ONLY_FUNCTIONS = Map.ofEntries(
            Map.entry("strftime", "SQLite's date/time functions take and return text; DuckDB's take typed values"),
            Map.entry("datetime", "SQLite's date/time functions take and return text; DuckDB's take typed values"),
            Map.entry("date", "SQLite's date/time functions take and return text; DuckDB's take typed values"),
            Map.entry("time", "SQLite's date/time functions take and return text; DuckDB's take typed values"),
            Map.entry("julianday", "DuckDB has no Julian-day function of SQLite's meaning"),
            Map.entry("unixepoch", "SQLite's date/time functions take and return text; DuckDB's take typed values"),
            Map.entry("typeof", "type names differ between the engines"),
            Map.entry("printf", "format directives differ between the engines"),
            Map.entry("format", "format directives differ between the engines"),
            Map.entry("total", "DuckDB has no total()"),
            Map.entry("changes", "it reports SQLite connection state"),
            Map.entry("total_changes", "it reports SQLite connection state"),
            Map.entry("last_insert_rowid", "it reports SQLite connection state"),
            Map.entry("sqlite_version", "it reports SQLite itself"),
            Map.entry("randomblob", "DuckDB has no randomblob()"),
            Map.entry("zeroblob", "DuckDB has no zeroblob()"),
            Map.entry("quote", "DuckDB has no quote() of SQLite's meaning"),
            Map.entry("glob", "DuckDB's glob matches files, not strings"),
            Map.entry("upper", "SQLite folds ASCII letters only; DuckDB folds all of Unicode"),
            Map.entry("lower", "SQLite folds ASCII letters only; DuckDB folds all of Unicode"),
            Map.entry("hex", "hex() of a number differs between the engines"),
            Map.entry("char", "DuckDB's char is a type, not SQLite's char()"),
            Map.entry("unicode", "DuckDB's unicode() differs from SQLite's"),
            Map.entry("likelihood", "a SQLite planner hint"),
            Map.entry("likely", "a SQLite planner hint"),
            Map.entry("unlikely", "a SQLite planner hint"),
            Map.entry("iif", "DuckDB has no iif()"),
            Map.entry("round", "SQLite rounds the binary double, DuckDB its decimal digits (round(48.65, 1): 48.6 vs 48.7)"),
            Map.entry("group_concat", "the order of the concatenated values is unspecified and the engines choose differently"),
            Map.entry("string_agg", "the order of the concatenated values is unspecified and the engines choose differently"));

    /** Functions whose result changes between runs with the same data: their statements are not cached. */
    private static final Set<String> NONDETERMINISTIC = Set.of("random", "randomblob", "uuid", "gen_random_uuid",
            "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "today",
            "get_current_time", "get_current_timestamp", "changes", "total_changes", "last_insert_rowid", "nextval",
            "currval", "setseed", "sqlite_offset");
    /** SQLite's date/time functions: 'now' as an argument, or no time value at all, means the current time. */
    private static final Set<String> TIME_FUNCTIONS = Set.of("date", "time", "datetime", "julianday", "unixepoch",
            "strftime", "timediff");

    private QueryShape shape;
    private QueryShape.Scope scope;

    /** Parses and analyzes {@code sql}; throws if the parser cannot read it. */
    static QueryShape analyze(String sql) throws JSQLParserException {
        Statement statement = parse(sql);
        if (statement instanceof Select select) {
            StatementAnalyzer analyzer = new StatementAnalyzer();
            analyzer.shape = new QueryShape(QueryShape.Kind.READ, null);
            analyzer.getTables(statement);
            if (select.getWithItemsList() != null) {
                for (var with : select.getWithItemsList()) {
                    String cte = unquote(with.getAliasName()).toLowerCase(Locale.ROOT);
                    analyzer.shape.tables.remove(cte); // a CTE is no table
                    analyzer.shape.scopes.forEach(scope -> scope.tablesByAlias.values().removeIf(cte::equals));
                }
            }
            if (select.getLimit() != null && select.getLimit().getRowCount() instanceof LongValue n) {
                analyzer.shape.limit = n.getValue();
            }
            analyzer.shape.ordered = select.getOrderByElements() != null && !select.getOrderByElements().isEmpty();
            return analyzer.shape;
        }
        if (statement instanceof Insert insert) {
            return new QueryShape(QueryShape.Kind.WRITE, name(insert.getTable()), 1);
        }
        if (statement instanceof Update update) {
            return new QueryShape(QueryShape.Kind.WRITE, name(update.getTable()));
        }
        if (statement instanceof Delete delete) {
            return new QueryShape(QueryShape.Kind.WRITE, name(delete.getTable()), -1);
        }
        if (statement instanceof Upsert upsert) {
            return new QueryShape(QueryShape.Kind.WRITE, name(upsert.getTable()), 1);
        }
        if (statement instanceof Alter alter) {
            return new QueryShape(QueryShape.Kind.DDL, name(alter.getTable()));
        }
        if (statement instanceof CreateTable || statement instanceof CreateView || statement instanceof CreateIndex
                || statement instanceof Drop || statement instanceof AlterView
                || statement instanceof Truncate || statement instanceof RenameTableStatement) {
            return new QueryShape(QueryShape.Kind.DDL, null);
        }
        return new QueryShape(QueryShape.Kind.OTHER, null);
    }

    /**
     * Deepest bracket nesting at which a statement the simple grammar refuses is parsed again with the
     * backtracking one: its time grows about threefold per level (60 ms at 5, 1.3 s at 9, measured with
     * JSqlParser 5.3), so deeper texts are left unparsed and run on SQLite as written.
     */
    static final int COMPLEX_PARSE_MAX_NESTING = 5;

    private static Statement parse(String sql) throws JSQLParserException {
        try {
            return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statement();
        } catch (Exception | StackOverflowError simple) {
            if (SqlMeasure.nestingDepth(sql) > COMPLEX_PARSE_MAX_NESTING) {
                String message = simple.getMessage() == null ? simple.toString() : simple.getMessage();
                throw new JSQLParserException(message.lines().findFirst().orElse(message), simple);
            }
            try {
                // the parser's own retry: slower, backtracking grammar for nested expressions
                return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true).Statement();
            } catch (Exception | StackOverflowError complex) {
                String message = complex.getMessage() == null ? complex.toString() : complex.getMessage();
                throw new JSQLParserException(message.lines().findFirst().orElse(message), complex);
            }
        }
    }

    // ---------------------------------------------------------------- walk

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        QueryShape.Scope outer = scope;
        scope = new QueryShape.Scope();
        shape.scopes.add(scope);
        if (select.getFromItem() instanceof Table t) {
            addTable(t);
        }
        if (select.getJoins() != null) {
            for (Join join : select.getJoins()) {
                if (join.getFromItem() instanceof Table t) {
                    addTable(t);
                }
                Collection<Expression> on = join.getOnExpressions();
                if (on != null) {
                    on.forEach(this::notePredicates);
                }
            }
        }
        notePredicates(select.getWhere());
        if (select.getGroupBy() != null) {
            shape.analytics.add("GROUP BY");
        }
        if (select.getDistinct() != null) {
            shape.analytics.add("DISTINCT");
        }
        super.visit(select, context);
        scope = outer;
        return null;
    }

    @Override
    public <S> Void visit(SetOperationList list, S context) {
        shape.analytics.add("set operation (" + list.getOperations().get(0).toString().toUpperCase(Locale.ROOT) + ")");
        return super.visit(list, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
        String name = function.getName() == null ? "" : lastPart(function.getName()).toLowerCase(Locale.ROOT);
        int arguments = function.getParameters() == null ? 0 : function.getParameters().size();
        if ((name.equals("min") || name.equals("max")) && arguments > 1) {
            shape.sqliteOnly.put(name + "(a, b, ...)", "SQLite's multi-argument " + name + "() is scalar; DuckDB's is not");
        } else if (AGGREGATES.contains(name)) {
            shape.analytics.add(name + "()");
        }
        String reason = SQLITE_ONLY_FUNCTIONS.get(name);
        if (reason == null && name.startsWith("json")) {
            reason = "SQLite's JSON functions return SQL values; DuckDB's return JSON";
        }
        if (reason != null) {
            shape.sqliteOnly.put(name + "()", reason);
        }
        noteNondeterminism(name, function, arguments);
        return super.visit(function, context);
    }

    private void noteNondeterminism(String name, Function function, int arguments) {
        if (NONDETERMINISTIC.contains(name)) {
            shape.nondeterministic.add(name + "()");
        } else if (TIME_FUNCTIONS.contains(name)) {
            if (arguments == 0 || (name.equals("strftime") && arguments == 1)) {
                shape.nondeterministic.add(name + "() of the current time");
                return;
            }
            for (Expression argument : function.getParameters()) {
                if (argument instanceof StringValue v && v.getValue().trim().equalsIgnoreCase("now")) {
                    shape.nondeterministic.add(name + "('now')");
                } else if (argument instanceof JdbcParameter || argument instanceof JdbcNamedParameter) {
                    shape.timeParameters = true;
                }
            }
        }
    }

    @Override
    public <S> Void visit(TimeKeyExpression expression, S context) {
        shape.nondeterministic.add(expression.getStringValue().toUpperCase(Locale.ROOT));
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(MySQLGroupConcat concat, S context) {
        shape.analytics.add("group_concat()");
        shape.sqliteOnly.put("group_concat()", SQLITE_ONLY_FUNCTIONS.get("group_concat"));
        return super.visit(concat, context);
    }

    @Override
    public <S> Void visit(AnalyticExpression expression, S context) {
        shape.analytics.add("window function " + expression.getName().toLowerCase(Locale.ROOT) + "() OVER");
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(CastExpression cast, S context) {
        String type = cast.getColDataType() == null ? "" : cast.getColDataType().getDataType().toUpperCase(Locale.ROOT);
        Affinity affinity = Affinity.of(type);
        if (affinity == Affinity.INTEGER) {
            shape.sqliteOnly.put("CAST(... AS " + type + ")", "SQLite truncates a real cast to integer; DuckDB rounds it");
        } else if (affinity == Affinity.TEXT) {
            if (cast.getLeftExpression() instanceof Column column && !isRowid(column)) {
                shape.castToText.put(column.getColumnName().toLowerCase(Locale.ROOT), "CAST(" + column + " AS " + type + ")");
            } else {
                shape.sqliteOnly.put("CAST(... AS " + type + ")", "the engines print reals as text differently");
            }
        }
        return super.visit(cast, context);
    }

    private static boolean isRowid(Column column) {
        String name = column.getColumnName().toLowerCase(Locale.ROOT);
        return column.getTable() == null && (name.equals("rowid") || name.equals("oid") || name.equals("_rowid_"));
    }

    @Override
    public <S> Void visit(InExpression in, S context) {
        if (in.getRightExpression() instanceof ExpressionList<?> list && list.isEmpty()) {
            shape.sqliteOnly.put("an empty IN list", "SQLite answers x IN () false and x NOT IN () true even for a NULL x;"
                    + " DuckDB answers NULL");
        }
        return super.visit(in, context);
    }

    @Override
    public <S> Void visit(Column column, S context) {
        String name = column.getColumnName().toLowerCase(Locale.ROOT);
        if (isRowid(column)) {
            shape.sqliteOnly.put(name, "the rowid exists in SQLite only");
        }
        return super.visit(column, context);
    }

    @Override
    public <S> Void visit(Table table, S context) {
        String name = name(table);
        if (name != null) {
            shape.tables.add(name.toLowerCase(Locale.ROOT));
        }
        return super.visit(table, context);
    }

    private void addTable(Table table) {
        String name = name(table);
        if (name == null) {
            return;
        }
        String alias = table.getAlias() == null ? name : unquote(table.getAlias().getName());
        scope.tablesByAlias.put(alias.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
        scope.tablesByAlias.putIfAbsent(name.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
    }

    /** Notes, for each AND-ed conjunct, a column compared with constants or joined to another column. */
    private void notePredicates(Expression e) {
        if (e == null) {
            return;
        }
        if (e instanceof AndExpression and) {
            notePredicates(and.getLeftExpression());
            notePredicates(and.getRightExpression());
        } else if (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> p
                && p.size() == 1) {
            notePredicates((Expression) p.get(0));
        } else if (e instanceof EqualsTo eq) {
            Expression l = eq.getLeftExpression();
            Expression r = eq.getRightExpression();
            if (l instanceof Column a && r instanceof Column b) {
                scope.joinEdges.add(new QueryShape.ColumnRef[] {ref(a), ref(b)});
            } else if (l instanceof Column a && isConstant(r)) {
                scope.keyedColumns.add(ref(a));
            } else if (r instanceof Column b && isConstant(l)) {
                scope.keyedColumns.add(ref(b));
            }
        } else if (e instanceof InExpression in && !in.isNot() && in.getLeftExpression() instanceof Column c
                && in.getRightExpression() instanceof ExpressionList<?> list && list.size() <= 100
                && list.stream().allMatch(x -> isConstant((Expression) x))) {
            scope.keyedColumns.add(ref(c));
        } else if (e instanceof Between between && !between.isNot() && between.getLeftExpression() instanceof Column c
                && isConstant(between.getBetweenExpressionStart()) && isConstant(between.getBetweenExpressionEnd())) {
            scope.keyedColumns.add(ref(c));
        }
    }

    private static boolean isConstant(Expression e) {
        return e instanceof JdbcParameter || e instanceof JdbcNamedParameter || e instanceof LongValue
                || e instanceof StringValue || e instanceof DoubleValue
                || (e instanceof SignedExpression s && isConstant(s.getExpression()));
    }

    private static QueryShape.ColumnRef ref(Column c) {
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null
                : unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        return new QueryShape.ColumnRef(qualifier, unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
    }

    static String name(Table table) {
        return table == null || table.getName() == null ? null : unquote(table.getName());
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    static String unquote(String identifier) {
        if (identifier.length() >= 2) {
            char first = identifier.charAt(0);
            char last = identifier.charAt(identifier.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`')) {
                String quote = String.valueOf(first);
                return identifier.substring(1, identifier.length() - 1).replace(quote + quote, quote); // "we""ird" is we"ird
            }
            if (first == '[' && last == ']') {
                return identifier.substring(1, identifier.length() - 1);
            }
        }
        return identifier;
    }

}
