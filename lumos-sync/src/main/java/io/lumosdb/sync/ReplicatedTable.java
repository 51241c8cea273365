package io.lumosdb.sync;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one SQLite table as the replica replicas it: its name, its columns in order, and how a
 * row is identified: by its rowid, or, for a {@code WITHOUT ROWID} table, by its primary key
 * ({@code keyColumns}, in key order), written as SQLite's {@code json_array(...)} text.
 *
 * <p>{@code rowidAlias} names the column that is another name for the rowid (an {@code INTEGER PRIMARY
 * KEY}), or is null. The replica does not store that column: its values are the rowids it already holds,
 * and the table's view shows them under the column's name. Rows are read and appended without it
 * ({@link #storedColumns()}): a fifth less work and storage for a table of four columns.
 */
final class ReplicatedTable {
    private final String name;
    private final List<Column> columns;
    private final List<String> keyColumns;
    private final String rowidAlias;
    private final List<Column> storedColumns;

    /** One column: its SQLite name, its declared type there and the replica's type. */
    record Column(String name, String declaredType, ColumnType type) {
        /** The replica column's DuckDB type. */
        String duckType() {
            return type.duckType(declaredType);
        }

        /** The capture trigger's check that a value of {@code expression} fits, or null. */
        String sqliteCheck(String expression) {
            return type.sqliteCheck(expression, declaredType);
        }
    }

    ReplicatedTable(String name, List<Column> columns, List<String> keyColumns, String rowidAlias) {
        if (rowidAlias != null && (!keyColumns.isEmpty() || columns.stream().noneMatch(c -> c.name().equals(rowidAlias)))) {
            throw new IllegalArgumentException("rowid alias " + rowidAlias + " is not a column of rowid table " + name);
        }
        this.name = name;
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
        this.rowidAlias = rowidAlias;
        this.storedColumns = rowidAlias == null ? this.columns : this.columns.stream().filter(c -> !c.name().equals(rowidAlias)).toList();
    }

    /** A shape without a rowid alias column. */
    ReplicatedTable(String name, List<Column> columns, List<String> keyColumns) {
        this(name, columns, keyColumns, null);
    }

    /** The SQLite table's name. */
    String name() {
        return name;
    }

    /** All of the table's columns, in order: what its view in DuckDB shows. */
    List<Column> columns() {
        return columns;
    }

    /** A {@code WITHOUT ROWID} table's primary key columns, in key order; empty for a rowid table. */
    List<String> keyColumns() {
        return keyColumns;
    }

    /** The column that is another name for the rowid, or null. */
    String rowidAlias() {
        return rowidAlias;
    }

    /** The columns the replica stores and copies: all but the rowid alias, in order. */
    List<Column> storedColumns() {
        return storedColumns;
    }

    /** Whether rows are identified by the primary key ({@code WITHOUT ROWID}) rather than the rowid. */
    boolean keyed() {
        return !keyColumns.isEmpty();
    }

    /**
     * The SQL expression of a row's identity, over {@code row} ({@code NEW}, {@code OLD} or a table name).
     * A real key column is written with 21 significant digits: {@code json_array} keeps 15, so that 1.0
     * and 1.0000000000000002 would be one key and a row lost on the replica. SQLite cannot turn such text
     * back into the same double (its text-to-real conversion is not exact for every value, 1e300 among
     * them), so a table with a real key is looked up by this expression, never by converting the text
     * back ({@link #hasRealKey}).
     */
    String identity(String row) {
        if (!keyed()) {
            return row + ".rowid";
        }
        return keyColumns.stream().map(k -> realKey(k) ? "printf('%!.20e', " + row + "." + Sql.quote(k) + ")" : row + "." + Sql.quote(k))
                .collect(Collectors.joining(", ", "json_array(", ")"));
    }

    /** Whether a key column is real: rows are then found by their identity text, not through the key's index. */
    boolean hasRealKey() {
        return keyColumns.stream().anyMatch(this::realKey);
    }

    private boolean realKey(String key) {
        return columns.stream().anyMatch(c -> c.name().equals(key) && c.type() == ColumnType.DOUBLE);
    }

    /** A stable text of the shape, stored with the triggers so that a changed table is noticed. */
    String signature() {
        return columns.stream().map(c -> c.name() + ":" + c.type()).collect(Collectors.joining(","))
                + (keyed() ? " key(" + keyColumns.stream().map(k -> realKey(k) ? k + "~20e" : k).collect(Collectors.joining(",")) + ")" : "")
                + (rowidAlias != null ? " rowid(" + rowidAlias + ")" : "");
    }

    /**
     * The SQLite select list of a copy: the identity over {@code row} ({@link #identity}), then the stored
     * columns, {@code rowid, "a", "b"}; just the identity for a table whose only column is the rowid.
     */
    String selectList(String row) {
        String identity = identity(row);
        return storedColumns().stream().map(c -> Sql.quote(c.name())).collect(Collectors.joining(", ", identity
                + (storedColumns().isEmpty() ? "" : ", "), ""));
    }

    /**
     * The user's columns, in order, as a select list over the replica's data table, with the rowid alias
     * taken from {@code rowidColumn}: {@code _lumos_rowid AS "id", "a", "b"}.
     */
    String viewColumnList(String rowidColumn) {
        return columns.stream().map(c -> c.name().equals(rowidAlias) ? rowidColumn + " AS " + Sql.quote(c.name()) : Sql.quote(c.name()))
                .collect(Collectors.joining(", "));
    }
}
