package io.lumosdb.tpch;

import io.lumosdb.LumosDB;
import io.trino.tpch.TpchTable;
import java.sql.SQLException;

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

    private TpchLineitem() {}

    /** Creates and fills {@code lineitem} at {@code scaleFactor} (0.1 is about 600,000 rows); returns the row count. */
    public static long load(LumosDB db, double scaleFactor) throws SQLException {
        return TpchData.load(db, TpchTable.LINE_ITEM, scaleFactor);
    }
}
