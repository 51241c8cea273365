package io.lumosdb.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The columns of a result. Lumos-DB results carry values, not declared types (either engine may have produced them,
 * and SQLite's columns have affinities, not types), so a column's type is read from its values: INTEGER
 * ({@code BIGINT}) when every non-null value is an integer, REAL ({@code DOUBLE}) when they are numbers, BLOB, TEXT
 * ({@code VARCHAR}) otherwise, NULL when the column holds no value. A streamed result types its columns by nothing:
 * they report {@code Types.OTHER}, and {@code getObject} gives each value as it is.
 */
final class LumosResultSetMetaData extends JdbcObjects implements ResultSetMetaData {
    private final List<String> labels;
    private final int[] types;

    LumosResultSetMetaData(RowSource rows) {
        this.labels = rows.columns;
        this.types = new int[labels.size()];
        List<?> all = rows.rowsInMemory();
        for (int c = 0; c < types.length; c++) {
            types[c] = all == null ? Types.OTHER : columnType(all, c);
        }
    }

    private static int columnType(List<?> rows, int column) {
        int type = Types.NULL;
        for (Object row : rows) {
            int t = ValueConversions.sqlType(RowSource.valueOf(row, column));
            if (t == Types.NULL || t == type) {
                continue;
            }
            if (type == Types.NULL) {
                type = t;
            } else if ((type == Types.BIGINT && t == Types.DOUBLE) || (type == Types.DOUBLE && t == Types.BIGINT)) {
                type = Types.DOUBLE;
            } else {
                return Types.VARCHAR; // mixed kinds: SQLite's text is what every value can be read as
            }
        }
        return type;
    }

    private int check(int column) throws SQLException {
        if (column < 1 || column > labels.size()) {
            throw new SQLException("column index " + column + " is out of range: the result has " + labels.size()
                    + " columns " + labels + " (indexes are 1-based)", "07009");
        }
        return column - 1;
    }

    @Override
    public int getColumnCount() {
        return labels.size();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return labels.get(check(column));
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return labels.get(check(column));
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return types[check(column)];
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        int t = types[check(column)];
        return t == Types.OTHER ? "" : ValueConversions.typeName(t);
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return ValueConversions.className(types[check(column)]);
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return types[check(column)] == Types.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        check(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        int t = types[check(column)];
        return t == Types.BIGINT || t == Types.DOUBLE;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        check(column);
        return Integer.MAX_VALUE;
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        int t = types[check(column)];
        return t == Types.BIGINT ? 19 : t == Types.DOUBLE ? 17 : 0;
    }

    @Override
    public int getScale(int column) throws SQLException {
        check(column);
        return 0;
    }

    @Override
    public String getTableName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        check(column);
        return false;
    }
}
