package io.lumosdb.sync;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one SQLite table as the replica mirrors it: its name, its columns in order, and how a
 * row is identified: by its rowid, or, for a {@code WITHOUT ROWID} table, by its primary key
 * ({@code keyColumns}, in key order), written as SQLite's {@code json_array(...)} text.
 */
record MirroredTable(String name, List<Column> columns, List<String> keyColumns) {

    /** One column: its SQLite name, its declared type there and the mirror's type. */
    record Column(String name, String declaredType, ColumnType type) {
        /** The mirror column's DuckDB type. */
        String duckType() {
            return type.duckType(declaredType);
        }

        /** The capture trigger's check that a value of {@code expression} fits, or null. */
        String sqliteCheck(String expression) {
            return type.sqliteCheck(expression, declaredType);
        }
    }

    MirroredTable {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    /** Whether rows are identified by the primary key ({@code WITHOUT ROWID}) rather than the rowid. */
    boolean keyed() {
        return !keyColumns.isEmpty();
    }

    /** The SQL expression of a row's identity, over {@code row} ({@code NEW}, {@code OLD} or a table name). */
    String identity(String row) {
        if (!keyed()) {
            return row + ".rowid";
        }
        return keyColumns.stream().map(k -> row + "." + Sql.quote(k)).collect(Collectors.joining(", ", "json_array(", ")"));
    }

    /** A stable text of the shape, stored with the triggers so that a changed table is noticed. */
    String signature() {
        return columns.stream().map(c -> c.name() + ":" + c.type()).collect(Collectors.joining(","))
                + (keyed() ? " key(" + String.join(",", keyColumns) + ")" : "");
    }

    /** The columns as a quoted SQL list, {@code "a", "b"}. */
    String columnList() {
        return columns.stream().map(c -> Sql.quote(c.name())).collect(Collectors.joining(", "));
    }
}
