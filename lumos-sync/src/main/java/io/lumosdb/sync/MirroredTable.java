package io.lumosdb.sync;

import java.util.List;
import java.util.stream.Collectors;

/** The shape of one SQLite table as the replica mirrors it: its name and its columns in order. */
record MirroredTable(String name, List<Column> columns) {

    /** One column: its SQLite name, its declared type there and the mirror's type. */
    record Column(String name, String declaredType, ColumnType type) {}

    MirroredTable {
        columns = List.copyOf(columns);
    }

    /** A stable text of the shape, stored with the triggers so that a changed table is noticed. */
    String signature() {
        return columns.stream().map(c -> c.name() + ":" + c.type()).collect(Collectors.joining(","));
    }

    /** The columns as a quoted SQL list, {@code "a", "b"}. */
    String columnList() {
        return columns.stream().map(c -> Sql.quote(c.name())).collect(Collectors.joining(", "));
    }
}
