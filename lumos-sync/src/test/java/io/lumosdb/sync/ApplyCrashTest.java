package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child JVM while it commits mixed transactions (an append and an update of an older row, now
 * and then a delete) and its replica worker applies them (a batch: the deletes, one appender per table,
 * the progress row, one DuckDB commit). After each kill the files are reopened: every transaction the
 * child saw commit is in SQLite, the DuckDB file's recorded progress lets it be reused (no rebuild), and
 * after the catch-up DuckDB equals SQLite row for row. {@code -Dlumos.crash.cycles=N} sets the kills (8).
 */
class ApplyCrashTest {
    @TempDir
    Path dir;

    /** Committed amounts by id; ids deleted; as the parent learnt them from the child's output. */
    private final Map<Long, Double> amounts = new HashMap<>();
    private final Set<Long> deleted = new HashSet<>();

    @Test
    void sigkillWhileApplying_losesNothingCommitted_andTheReplicaIsReusedAndEqual() throws Exception {
        int cycles = Integer.getInteger("lumos.crash.cycles", 8);
        Random random = new Random(20261204L);
        for (int cycle = 0; cycle < cycles; cycle++) {
            String[] inFlight = runAndKill(random.nextLong(), 20 + random.nextInt(400), cycle);
            verify(inFlight, cycle);
        }
    }

    private String[] runAndKill(long seed, int killAfter, int cycle) throws Exception {
        Path stderr = dir.resolve("child-" + cycle + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.toString(), Long.toString(seed)).redirectError(stderr.toFile()).start();
        String[] inFlight = null;
        int committed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                inFlight = read(line, inFlight);
                if (line.equals("OK") && ++committed == killAfter) {
                    break;
                }
            }
            child.toHandle().destroyForcibly(); // SIGKILL, mid-transaction or mid-apply
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the killed child did not exit");
            if (committed < killAfter) {
                fail("the child stopped after " + committed + " transactions: " + Files.readString(stderr));
            }
            String next;
            while ((next = out.readLine()) != null) {
                inFlight = read(next, inFlight);
            }
        }
        return inFlight;
    }

    /** {@code BEGIN id amount updatedId amount [deletedId]} puts a transaction in flight; {@code OK} commits it. */
    private String[] read(String line, String[] inFlight) {
        if (line.startsWith("BEGIN ")) {
            return line.substring(6).split(" ");
        }
        if (line.equals("OK")) {
            amounts.put(Long.parseLong(inFlight[0]), Double.parseDouble(inFlight[1]));
            long updated = Long.parseLong(inFlight[2]);
            if (amounts.containsKey(updated)) {
                amounts.put(updated, Double.parseDouble(inFlight[3]));
            }
            if (inFlight.length > 4) {
                amounts.remove(Long.parseLong(inFlight[4]));
                deleted.add(Long.parseLong(inFlight[4]));
            }
            return null;
        }
        return inFlight;
    }

    private void verify(String[] inFlight, int cycle) throws SQLException {
        Set<Long> uncertain = new HashSet<>();
        if (inFlight != null) {
            uncertain.add(Long.parseLong(inFlight[0]));
            uncertain.add(Long.parseLong(inFlight[2]));
            if (inFlight.length > 4) {
                uncertain.add(Long.parseLong(inFlight[4]));
            }
        }
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
                DuckDBConnection duck = ReplicaTest.connectDuck(dir.resolve("a.duckdb"))) {
            Map<Long, Double> inSqlite = new HashMap<>();
            try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("SELECT id, amount FROM orders")) {
                while (rs.next()) {
                    inSqlite.put(rs.getLong(1), rs.getDouble(2));
                }
            }
            for (Map.Entry<Long, Double> e : amounts.entrySet()) {
                if (!uncertain.contains(e.getKey())) {
                    assertEquals(e.getValue(), inSqlite.get(e.getKey()), "cycle " + cycle + ": committed row " + e.getKey());
                }
            }
            for (long id : deleted) {
                assertTrue(uncertain.contains(id) || !inSqlite.containsKey(id), "cycle " + cycle + ": deleted row " + id + " is back");
            }
            for (long id : uncertain) { // the transaction in flight did or did not commit: learn which
                if (inSqlite.containsKey(id)) {
                    amounts.put(id, inSqlite.get(id));
                    deleted.remove(id);
                } else if (amounts.remove(id) != null) {
                    deleted.add(id);
                }
            }
            // what open checks before it reuses the file: the applied sequence within SQLite's log
            long applied = ReplicaStoreProgress.applied(duck);
            long lastIssued = ChangeCapture.lastIssuedSequence(sqlite);
            long firstLogged = ChangeCapture.firstLoggedSequence(sqlite);
            assertTrue(applied <= lastIssued && applied >= (firstLogged == 0 ? lastIssued : firstLogged - 1),
                    "cycle " + cycle + ": DuckDB applied " + applied + ", SQLite's log holds " + firstLogged + ".." + lastIssued);
            duck.commit();
            Replica replica = Replica.open(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite")), duck);
            try (Connection reader = duck.duplicate()) {
                String order = "SELECT id, customer, amount, status FROM orders ORDER BY id";
                assertEquals(ReplicaTest.rows(sqlite, order), ReplicaTest.rows(reader, order), "cycle " + cycle);
            } finally {
                replica.close();
            }
        }
    }

    /** Reads the DuckDB file's recorded progress as {@link ReplicaStore} does. */
    static final class ReplicaStoreProgress {
        static long applied(DuckDBConnection duck) throws SQLException {
            ReplicaStore.State state = new ReplicaStore(duck).state().orElse(null);
            assertNotNull(state, "the DuckDB file has no replica state");
            return state.appliedSequence();
        }
    }

    /** The child: commits transactions as fast as it can, its replica's worker applying them; prints each. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Random random = new Random(Long.parseLong(args[1]));
            try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"))) {
                try (Statement st = writer.createStatement()) {
                    st.execute("PRAGMA journal_mode = WAL");
                    st.execute("PRAGMA busy_timeout = 10000");
                    st.execute("CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY, customer INTEGER, amount DOUBLE, status TEXT)");
                }
                Connection own = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
                try (Statement st = own.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 10000");
                }
                DuckDBConnection duck = ReplicaTest.connectDuck(dir.resolve("a.duckdb"));
                Replica replica = Replica.open(own, duck);
                replica.start("crash-child sync");
                long next;
                try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM orders")) {
                    rs.next();
                    next = rs.getLong(1);
                }
                try (PreparedStatement insert = writer.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, 'open')");
                        PreparedStatement update = writer.prepareStatement("UPDATE orders SET amount = ?, status = 'shipped' WHERE id = ?");
                        PreparedStatement delete = writer.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                    while (true) {
                        long id = ++next;
                        double amount = random.nextInt(100_000) / 100.0;
                        long target = 1 + random.nextInt((int) id);
                        double newAmount = random.nextInt(100_000) / 100.0;
                        Long gone = random.nextInt(10) == 0 ? (Long) (1L + random.nextInt((int) id)) : null;
                        if (gone != null && (gone == id || gone == target)) {
                            gone = null;
                        }
                        System.out.println("BEGIN " + id + " " + amount + " " + target + " " + newAmount + (gone == null ? "" : " " + gone));
                        writer.setAutoCommit(false);
                        insert.setLong(1, id);
                        insert.setLong(2, id % 97);
                        insert.setDouble(3, amount);
                        insert.executeUpdate();
                        update.setDouble(1, newAmount);
                        update.setLong(2, target);
                        update.executeUpdate();
                        if (gone != null) {
                            delete.setLong(1, gone);
                            delete.executeUpdate();
                        }
                        writer.commit();
                        writer.setAutoCommit(true);
                        System.out.println("OK");
                        System.out.flush();
                        replica.committed();
                    }
                }
            }
        }
    }
}
