package io.lumosdb.fault;

import io.lumosdb.LumosDB;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: writes through {@link LumosDB} until it is killed.
 * Before each operation it prints {@code BEGIN <op>}, after its commit {@code OK}; the parent knows
 * every committed change and which one may be in flight when the kill lands.
 *
 * <p>Operations: {@code I id amount} (insert, autocommit), {@code T id amount id amount ...} (several
 * inserts in one transaction), {@code U id amount} (update), {@code D id} (delete),
 * {@code C name} (create a side table with a row: DDL and data in one transaction).
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        PrintStream out = System.out;
        try (LumosDB db = LumosDB.open(dir)) {
            db.execute("CREATE TABLE IF NOT EXISTS ledger(id INTEGER PRIMARY KEY, amount DOUBLE, note TEXT)");
            long next = db.query("SELECT coalesce(max(id), 0) + 1 FROM ledger").rows().get(0).getLong(0);
            List<Long> live = new ArrayList<>();
            db.query("SELECT id FROM ledger").rows().forEach(r -> live.add(r.getLong(0)));
            for (long op = 0; ; op++) {
                int kind = random.nextInt(100);
                if (kind < 35 || live.isEmpty()) {
                    long id = next++;
                    double amount = random.nextInt(100_000) / 100.0;
                    out.println("BEGIN I " + id + " " + amount);
                    out.flush();
                    db.update("INSERT INTO ledger VALUES (?, ?, ?)", id, amount, "single");
                    live.add(id);
                } else if (kind < 65) {
                    int n = 1 + random.nextInt(20);
                    StringBuilder line = new StringBuilder("BEGIN T");
                    long[] ids = new long[n];
                    double[] amounts = new double[n];
                    for (int i = 0; i < n; i++) {
                        ids[i] = next++;
                        amounts[i] = random.nextInt(100_000) / 100.0;
                        line.append(' ').append(ids[i]).append(' ').append(amounts[i]);
                    }
                    out.println(line);
                    out.flush();
                    db.transaction(tx -> {
                        for (int i = 0; i < ids.length; i++) {
                            tx.update("INSERT INTO ledger VALUES (?, ?, ?)", ids[i], amounts[i], "batch");
                        }
                        return null;
                    });
                    for (long id : ids) {
                        live.add(id);
                    }
                } else if (kind < 85) {
                    long id = live.get(random.nextInt(live.size()));
                    double amount = random.nextInt(100_000) / 100.0;
                    out.println("BEGIN U " + id + " " + amount);
                    out.flush();
                    db.update("UPDATE ledger SET amount = ?, note = 'updated' WHERE id = ?", amount, id);
                } else if (kind < 98) {
                    long id = live.remove(random.nextInt(live.size()));
                    out.println("BEGIN D " + id);
                    out.flush();
                    db.update("DELETE FROM ledger WHERE id = ?", id);
                } else {
                    String name = "side_" + Math.abs(random.nextLong() % 1_000_000);
                    out.println("BEGIN C " + name);
                    out.flush();
                    db.transaction(tx -> {
                        tx.update("CREATE TABLE IF NOT EXISTS " + name + "(id INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID");
                        tx.update("INSERT OR REPLACE INTO " + name + " VALUES (1, 'x')");
                        return null;
                    });
                }
                out.println("OK");
                out.flush();
            }
        }
    }
}
