package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.ResultStream;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code .dump [TABLE]}: the database as SQL that rebuilds it, as sqlite3 writes it: the tables' CREATE
 * statements and their rows as INSERTs in one transaction, then indexes, views and triggers. Lumos-DB's own
 * objects ({@code _lumos_} names) are left out: a database that loads the dump makes its own. Rows are
 * streamed, so a table of any size dumps in bounded memory.
 */
final class DatabaseDump {
    private static final String OWN = " AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%\\_lumos\\_%' ESCAPE '\\'";

    private DatabaseDump() {}

    static void write(LumosDB db, String table, PrintWriter out) throws SQLException {
        String only = table.isEmpty() ? "" : " AND lower(tbl_name) = lower(?)";
        Object[] args = table.isEmpty() ? new Object[0] : new Object[] {table};
        List<Row> tables = db.query(Route.OLTP, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
                + OWN + only + " ORDER BY rowid", args).rows();
        if (tables.isEmpty() && !table.isEmpty()) {
            throw new IllegalArgumentException("no table named " + table);
        }
        out.println("PRAGMA foreign_keys=OFF;");
        out.println("BEGIN TRANSACTION;");
        for (Row t : tables) {
            String name = t.getString(0);
            out.println(t.getString(1) + ";");
            String into = "INSERT INTO " + RowFormats.identifier(name) + " VALUES(";
            try (ResultStream rows = db.stream("SELECT * FROM " + RowFormats.identifier(name) + " /*+ OLTP */")) {
                for (Row row : rows) {
                    StringBuilder line = new StringBuilder(into);
                    for (int c = 0; c < rows.columns().size(); c++) {
                        line.append(c == 0 ? "" : ",").append(RowFormats.literal(row.get(c)));
                    }
                    out.println(line.append(");"));
                }
            }
        }
        for (Row o : db.query(Route.OLTP, "SELECT sql FROM sqlite_master WHERE type IN ('index', 'view', 'trigger')"
                + " AND sql IS NOT NULL" + OWN + only + " ORDER BY rowid", args).rows()) {
            out.println(o.getString(0) + ";");
        }
        out.println("COMMIT;");
        out.flush();
    }
}
