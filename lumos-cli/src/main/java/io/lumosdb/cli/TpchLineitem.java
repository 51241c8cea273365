package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.trino.tpch.GenerateUtils;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * TPC-H's LINEITEM table from the official generator ({@code io.trino.tpch}), loaded through the facade,
 * and query 1 of the specification in a dialect both engines run (dates are ISO text in SQLite and
 * {@code DATE} in the replica; {@code DATE '1998-12-01' - INTERVAL '90' DAY} written out as '1998-09-02').
 * The demo's data set, and the benchmarks' (lumos-bench).
 *
 * <pre>{@code
 * long rows = TpchLineitem.load(db, 0.01);            // about 60,000 rows
 * QueryResult q1 = db.query(TpchLineitem.Q1);
 * }</pre>
 */
public final class TpchLineitem {
    /** TPC-H Q1, the pricing summary report, with the validation substitution DELTA = 90. */
    public static final String Q1 = """
            SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
                   sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,
                   sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
                   avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc,
                   count(*) AS count_order
            FROM lineitem
            WHERE l_shipdate <= '1998-09-02'
            GROUP BY l_returnflag, l_linestatus
            ORDER BY l_returnflag, l_linestatus""";

    private static final int ROWS_PER_INSERT = 200;

    private TpchLineitem() {}

    /** Creates and fills {@code lineitem} at {@code scaleFactor} (0.1 is about 600,000 rows); returns the row count. */
    public static long load(LumosDB db, double scaleFactor) throws SQLException {
        db.execute("CREATE TABLE lineitem(l_orderkey INTEGER NOT NULL, l_partkey INTEGER, l_suppkey INTEGER,"
                + " l_linenumber INTEGER NOT NULL, l_quantity DOUBLE, l_extendedprice DOUBLE, l_discount DOUBLE, l_tax DOUBLE,"
                + " l_returnflag TEXT, l_linestatus TEXT, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE,"
                + " l_shipinstruct TEXT, l_shipmode TEXT, l_comment TEXT, PRIMARY KEY (l_orderkey, l_linenumber))");
        String insert = insertOf(ROWS_PER_INSERT);
        Iterator<LineItem> items = new LineItemGenerator(scaleFactor, 1, 1).iterator();
        long rows = 0;
        while (items.hasNext()) {
            List<Object> batch = new ArrayList<>(ROWS_PER_INSERT * 16);
            int n = 0;
            while (n < ROWS_PER_INSERT && items.hasNext()) {
                LineItem li = items.next();
                batch.add(li.getOrderKey());
                batch.add(li.getPartKey());
                batch.add(li.getSupplierKey());
                batch.add(li.getLineNumber());
                batch.add((double) li.getQuantity());
                batch.add(li.getExtendedPrice());
                batch.add(li.getDiscount());
                batch.add(li.getTax());
                batch.add(li.getReturnFlag());
                batch.add(li.getStatus());
                batch.add(GenerateUtils.formatDate(li.getShipDate()));
                batch.add(GenerateUtils.formatDate(li.getCommitDate()));
                batch.add(GenerateUtils.formatDate(li.getReceiptDate()));
                batch.add(li.getShipInstructions());
                batch.add(li.getShipMode());
                batch.add(li.getComment());
                n++;
            }
            db.update(n == ROWS_PER_INSERT ? insert : insertOf(n), batch.toArray());
            rows += n;
        }
        return rows;
    }

    private static String insertOf(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO lineitem VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }
}
