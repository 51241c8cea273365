package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The README's quick start as a program: opens (or creates) {@code data/quickstart}, loads orders, and
 * shows a key lookup on SQLite and an aggregate on DuckDB seconds after a write, each with its route,
 * reason and time. Run: {@code java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.QuickStart [DIR]}.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "data/quickstart");
        try (LumosDB db = LumosDB.open(dir)) {
            db.execute("CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY, customer TEXT, amount DOUBLE, ts TIMESTAMP)");
            long existing = db.query("SELECT count(*) FROM orders").rows().get(0).getLong(0);
            if (existing == 0) {
                SplittableRandom random = new SplittableRandom(1);
                long t0 = System.nanoTime();
                db.transaction(tx -> {
                    for (int i = 1; i <= 50_000; i++) {
                        tx.update("INSERT INTO orders VALUES (?, ?, ?, ?)", i, "customer-" + random.nextInt(20),
                                random.nextInt(100_000) / 100.0, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 60L));
                    }
                    return null;
                });
                System.out.printf(Locale.ROOT, "loaded 50,000 orders into %s in %d ms%n", dir, (System.nanoTime() - t0) / 1_000_000);
            }
            show(db.query("SELECT * FROM orders WHERE id = ?", 42), "key lookup");
            db.update("INSERT INTO orders(customer, amount, ts) VALUES (?, ?, ?)", "customer-new", 123.45, Instant.now());
            show(db.query("SELECT customer, count(*) AS orders, round(sum(amount)) AS total FROM orders"
                    + " GROUP BY customer ORDER BY total DESC LIMIT 5"), "top customers");
            show(db.query("SELECT customer, count(*) AS orders, sum(amount) AS total FROM orders"
                    + " GROUP BY customer ORDER BY total DESC LIMIT 5"), "top customers, seconds after a write");
            show(db.query(Route.OLTP, "SELECT count(*) FROM orders WHERE customer = 'customer-new'"), "forced onto SQLite");
            System.out.println("explain: " + db.explain("SELECT avg(amount) FROM orders"));
        }
    }

    private static void show(QueryResult result, String title) {
        System.out.printf(Locale.ROOT, "%n== %s: %s in %.2f ms%n   why: %s%n", title, result.route(),
                result.elapsed().toNanos() / 1e6, result.decision().reason());
        System.out.println("   " + String.join(" | ", result.columns()));
        for (Row row : result.rows()) {
            System.out.println("   " + row.values());
        }
    }
}
