package io.lumosdb.tpch;

import io.lumosdb.LumosDB;
import io.trino.tpch.GenerateUtils;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The eight TPC-H tables from the official generator ({@code io.trino.tpch}), as rows ready to insert into
 * either engine: keys and integers as {@code INTEGER}, money and quantities as {@code DOUBLE}, text, and
 * dates as ISO text (a {@code DATE} column: text in SQLite, {@code DATE} in DuckDB). Used by the demo and
 * by the benchmarks, which load the same rows into the facade and into the raw engines. PARTSUPP needs a
 * scale factor of at least 0.01: below, the generator repeats its keys (TPC-H is specified from SF 1).
 *
 * <pre>{@code
 * long rows = TpchData.load(db, TpchTable.ORDERS, 0.01);          // 15,000 orders through the facade
 * TpchData.generate(TpchTable.LINE_ITEM, 0.01, 1_000, batch -> ...); // or rows for any other sink
 * }</pre>
 */
public final class TpchData {
    /** Rows per multi-row INSERT through the facade. */
    private static final int ROWS_PER_INSERT = 200;

    private static final Map<String, String> PRIMARY_KEYS = Map.of("region", "r_regionkey", "nation", "n_nationkey", "part", "p_partkey",
            "supplier", "s_suppkey", "partsupp", "ps_partkey, ps_suppkey", "customer", "c_custkey", "orders", "o_orderkey",
            "lineitem", "l_orderkey, l_linenumber");

    /** Receives generated rows, a batch at a time. */
    @FunctionalInterface
    public interface RowSink {
        void accept(List<Object[]> rows) throws SQLException;
    }

    private TpchData() {}

    /** {@code CREATE TABLE} of {@code table}, with its primary key, in the types both engines share. */
    public static String ddl(TpchTable<?> table) {
        StringJoiner cols = new StringJoiner(", ", "CREATE TABLE " + table.getTableName() + "(", "");
        for (TpchColumn<?> c : table.getColumns()) {
            cols.add(c.getColumnName() + " " + sqlType(c));
        }
        return cols + ", PRIMARY KEY (" + PRIMARY_KEYS.get(table.getTableName()) + "))";
    }

    private static String sqlType(TpchColumn<?> c) {
        return switch (c.getType().getBase()) {
            case INTEGER, IDENTIFIER -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case VARCHAR -> "TEXT";
        };
    }

    /** Creates {@code table} and fills it at {@code scaleFactor} through the facade; returns the rows. */
    public static long load(LumosDB db, TpchTable<?> table, double scaleFactor) throws SQLException {
        db.execute(ddl(table));
        int width = table.getColumns().size();
        String full = insert(table, ROWS_PER_INSERT);
        return generate(table, scaleFactor, ROWS_PER_INSERT, rows -> {
            Object[] args = new Object[rows.size() * width];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(rows.get(r), 0, args, r * width, width);
            }
            db.update(rows.size() == ROWS_PER_INSERT ? full : insert(table, rows.size()), args);
        });
    }

    /** A multi-row INSERT of {@code rows} rows into {@code table}. */
    public static String insert(TpchTable<?> table, int rows) {
        String one = "(" + "?, ".repeat(table.getColumns().size() - 1) + "?)";
        StringJoiner sql = new StringJoiner(", ", "INSERT INTO " + table.getTableName() + " VALUES ", "");
        for (int i = 0; i < rows; i++) {
            sql.add(one);
        }
        return sql.toString();
    }

    /** Generates {@code table} at {@code scaleFactor}, handing {@code sink} batches of {@code batch} rows; returns the rows. */
    public static <E extends TpchEntity> long generate(TpchTable<E> table, double scaleFactor, int batch, RowSink sink) throws SQLException {
        if (!(scaleFactor > 0) || (table == TpchTable.PART_SUPPLIER && scaleFactor < 0.01)) {
            throw new IllegalArgumentException("TPC-H scale factor must be positive, and at least 0.01 for PARTSUPP (below, its keys"
                    + " repeat), was " + scaleFactor);
        }
        List<TpchColumn<E>> columns = table.getColumns();
        List<Object[]> rows = new ArrayList<>(batch);
        long n = 0;
        for (E e : table.createGenerator(scaleFactor, 1, 1)) {
            Object[] row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) {
                TpchColumn<E> col = columns.get(c);
                row[c] = switch (col.getType().getBase()) {
                    case INTEGER -> (long) col.getInteger(e);
                    case IDENTIFIER -> col.getIdentifier(e);
                    case DOUBLE -> col.getDouble(e);
                    case DATE -> GenerateUtils.formatDate(col.getDate(e));
                    case VARCHAR -> col.getString(e);
                };
            }
            rows.add(row);
            n++;
            if (rows.size() == batch) {
                sink.accept(rows);
                rows = new ArrayList<>(batch);
            }
        }
        if (!rows.isEmpty()) {
            sink.accept(rows);
        }
        return n;
    }
}
