package io.lumosdb.hostile;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second process for the file-state tests. {@code hold DIR}: opens the database, prints {@code OPEN},
 * answers each {@code count} line on stdin with the OLAP count of table t, and closes at {@code close}
 * or end of input. {@code open DIR}: opens and closes once, printing {@code OK} or the error's class and message.
 * {@code fill DIR N}: creates table t with N rows and closes at once, while the replica is still copying it.
 */
public final class ChildDatabase {
    private ChildDatabase() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("fill")) {
            try (LumosDB db = LumosDB.builder().directory(dir).largeTableRows(1).open()) {
                db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT, y DOUBLE)");
                db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + args[2] + ")"
                        + " INSERT INTO t(x, y) SELECT 'row' || i, i * 1.5 FROM r");
            }
            System.out.println("CLOSED");
            return;
        }
        if (args[0].equals("open")) {
            try (LumosDB db = LumosDB.open(dir)) {
                System.out.println("OK " + db.directory());
            } catch (Exception e) {
                System.out.println("ERR " + e.getClass().getName() + " " + e.getMessage());
                System.exit(3);
            }
            return;
        }
        try (LumosDB db = LumosDB.open(dir);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            db.sync().awaitCaughtUp(java.time.Duration.ofMinutes(2)); // the replica opens on a thread of its own: hold its file
            System.out.println("OPEN");
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.equals("close")) {
                System.out.println("COUNT " + db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
                System.out.flush();
            }
        }
    }
}
