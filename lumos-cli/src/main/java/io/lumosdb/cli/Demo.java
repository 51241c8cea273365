package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.MemoryKind;
import io.lumosdb.memory.Recall;
import io.lumosdb.memory.Recalled;
import io.lumosdb.vector.SearchPlan;
import io.lumosdb.tpch.TpchLineitem;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorHit;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The showcase: TPC-H's LINEITEM and a few thousand agent memories, then a transactional lookup on SQLite,
 * the same data aggregated on DuckDB right after a write, a filtered vector search and a memory recall,
 * each with its route and time.
 */
final class Demo {
    private static final String[] PEOPLE = {"Alice", "Bob", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana"};
    private static final String[][] FACTS = {
        {"%s prefers window seats on long flights", "PREFERENCE"}, {"%s is allergic to peanuts", "FACT"},
        {"%s loves hiking in the Alps", "PREFERENCE"}, {"%s works as a data engineer", "FACT"},
        {"%s asked to be called only after 10 am", "INSTRUCTION"}, {"%s's daughter plays the cello", "FACT"},
        {"%s booked a table at a Thai restaurant for Friday", "EVENT"}, {"%s drinks oat milk flat whites", "PREFERENCE"},
        {"%s is renovating the kitchen this spring", "EVENT"}, {"%s supports Celtic football club", "FACT"},
        {"%s wants invoices as PDF, never paper", "INSTRUCTION"}, {"%s is learning Japanese in evening classes", "FACT"},
    };

    private final LumosDB db;
    private final PrintWriter out;

    Demo(LumosDB db, PrintWriter out) {
        this.db = db;
        this.out = out;
    }

    void run(double scaleFactor, int memories) throws SQLException {
        out.println("Lumos-DB demo: one embedded database for transactions, analytics, vectors and agent memory.");
        out.println("Data in " + db.directory() + "\n");

        long t = System.nanoTime();
        long rows = TpchLineitem.load(db, scaleFactor);
        double s = seconds(t);
        out.printf(Locale.ROOT, "1. Loaded TPC-H LINEITEM (scale factor %s): %,d rows in %.1f s (%,.0f rows/s) through the facade.%n%n",
                scaleFactor, rows, s, rows / s);

        section("2. A transactional lookup by key goes to SQLite:",
                db.query("SELECT l_orderkey, l_linenumber, l_quantity, l_extendedprice, l_shipdate FROM lineitem"
                        + " WHERE l_orderkey = ? AND l_linenumber = 1", 1));

        db.sync().awaitCaughtUp(Duration.ofMinutes(5));
        section("3. The pricing summary (TPC-H Q1) over every row goes to DuckDB:", db.query(TpchLineitem.Q1));

        long write = System.nanoTime();
        db.transaction(tx -> {
            for (int i = 1; i <= 5; i++) {
                tx.update("INSERT INTO lineitem VALUES (?, 1, 1, ?, 10, 1000.0, 0.05, 0.02, 'Z', 'O', '1998-01-01', '1998-01-01',"
                        + " '1998-01-02', 'NONE', 'AIR', 'demo')", 99_999_999, i);
            }
            return null;
        });
        QueryResult fresh = db.query("SELECT l_returnflag, count(*) AS lines, sum(l_extendedprice) AS total FROM lineitem"
                + " GROUP BY l_returnflag ORDER BY l_returnflag");
        section(String.format(Locale.ROOT, "4. Five lines written to SQLite, then aggregated on DuckDB %.0f ms later: the new flag 'Z'"
                + " is there (reads are STRICT: they wait for the replica to apply every earlier commit).", seconds(write) * 1000), fresh);

        try (AgentMemory memory = AgentMemory.open(db)) {
            List<Memory> batch = new ArrayList<>(memories + FACTS.length);
            Random rnd = new Random(42);
            Instant base = Instant.parse("2025-01-01T09:00:00Z");
            // user7 (Hana) knows every fact about herself, whatever the count, so step 6 has its answer to find
            for (String[] fact : FACTS) {
                if (fact[1].equals("FACT")) {
                    batch.add(Memory.text(String.format(fact[0], PEOPLE[7 % PEOPLE.length])).user("user7")
                            .kind(MemoryKind.FACT).at(base.minus(Duration.ofDays(30))).importance(0.5));
                }
            }
            for (int i = 0; i < memories; i++) {
                String person = PEOPLE[i % PEOPLE.length];
                String[] fact = FACTS[rnd.nextInt(FACTS.length)];
                String user = "user" + (i % 200);
                batch.add(Memory.text(String.format(fact[0], person) + " (note " + i + ")").user(user)
                        .kind(MemoryKind.valueOf(fact[1])).at(base.plus(Duration.ofHours(i))).importance(rnd.nextDouble()));
            }
            t = System.nanoTime();
            for (int i = 0; i < batch.size(); i += 256) {
                memory.rememberAll(batch.subList(i, Math.min(batch.size(), i + 256)));
            }
            s = seconds(t);
            out.printf(Locale.ROOT, "5. Remembered %,d agent memories (embedded offline by %s) in %.1f s (%,.0f/s).%n%n", batch.size(),
                    memory.embedder().modelId(), s, batch.size() / s);

            String question = "Which food makes Hana ill?";
            float[] q = memory.embedder().embed(question);
            SearchRequest request = SearchRequest.of(q).k(3).filter("user = 'user7' AND kind = 'FACT'");
            t = System.nanoTime();
            List<VectorHit> hits = memory.vectors().search(request);
            double ms = seconds(t) * 1000;
            SearchPlan plan = memory.vectors().explain(request);
            out.println("6. A filtered vector search (\"" + question + "\", only user7's facts; user7 is Hana):");
            for (VectorHit h : hits) {
                out.printf(Locale.ROOT, "   %.3f  %s%n", h.score(), h.metadata().get("text"));
            }
            out.printf(Locale.ROOT, "   (%s: %s; %.1f ms)%n%n", plan.strategy(), plan.reason(), ms);

            Recall recall = Recall.query("Where does Alice like to go walking?").user("user8").k(3);
            memory.recall(recall); // the query's embedding, once
            t = System.nanoTime();
            List<Recalled> recalled = memory.recall(recall);
            ms = seconds(t) * 1000;
            out.println("7. A memory recall for user8 (meaning + keywords + recency + importance):");
            for (Recalled r : recalled) {
                out.printf(Locale.ROOT, "   %.3f  %s  [semantic %.2f, keyword %.2f, recency %.2f, importance %.2f]%n", r.score(), r.text(),
                        r.parts().semantic(), r.parts().keyword(), r.parts().recency(), r.parts().importance());
            }
            out.printf(Locale.ROOT, "   (%.1f ms)%n%n", ms);

            section("8. And memory is plain SQL too: memories per kind, on DuckDB:", db.query(Route.OLAP,
                    "SELECT kind, count(*) AS memories, avg(importance) AS avg_importance FROM lumos_memories GROUP BY kind ORDER BY kind"));
        }
        out.println("Explore it: lumos shell " + db.directory());
        out.flush();
    }

    private void section(String title, QueryResult r) {
        out.println(title);
        ResultPrinter.print(r, OutputMode.TABLE, 20, out);
        out.printf(Locale.ROOT, "(%s: %s; %.1f ms)%n%n", r.route(), r.decision().reason(), r.elapsed().toNanos() / 1e6);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
