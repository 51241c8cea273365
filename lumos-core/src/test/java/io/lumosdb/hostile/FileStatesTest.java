package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.DatabaseLockedException;
import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files in states a crash, a disk or another process leaves: each is a clear error or a repair, never a loss. */
class FileStatesTest {
    private static final int ROWS = 200_000;
    /** sum(y) over the table, y = i * 1.5 for i in 1..ROWS. */
    private static final double SUM = 1.5 * ROWS * (ROWS + 1) / 2.0;

    @TempDir
    Path dir;

    @Test
    void anEmptyPath_isRefused_ratherThanOpeningTheWorkingDirectory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LumosDB.open(Path.of("")));
        assertTrue(e.getMessage().contains("working directory"), e.getMessage());
    }

    private Path createWithRows() throws SQLException {
        Path home = dir.resolve("db");
        try (LumosDB db = LumosDB.builder().directory(home).largeTableRows(1).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT, y DOUBLE)");
            db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + ROWS + ")"
                    + " INSERT INTO t(x, y) SELECT 'row' || i, i * 1.5 FROM r");
            Hostile.caughtUp(db);
        }
        return home;
    }

    /** Overwrites 512 bytes of each of {@code pages} 4 KiB pages of the DuckDB file from {@code fromFraction} of it on. */
    private static void damage(Path file, double fromFraction, int pages) throws Exception {
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long off = Math.max(12_288, (long) (size * fromFraction)) / 4096 * 4096 + 100;
            for (int i = 0; i < pages && off + 512 < size; i++, off += 4096) {
                raf.seek(off);
                raf.write(new byte[512]);
            }
        }
    }

    private static void answersStayRight(Path home) throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(home).largeTableRows(1).open()) {
            assertEquals(SUM, db.query("SELECT sum(y) FROM t").rows().get(0).getDouble(0), "auto-routed, at once");
            // found by the first read of a damaged block, or by a verification: DuckDB counts rows from metadata
            db.sync().verify();
            Hostile.caughtUp(db);
            assertEquals(SUM, db.query(Route.OLAP, "SELECT sum(y) FROM t").rows().get(0).getDouble(0));
            assertEquals(List.of(List.of((long) ROWS)), Hostile.sameOnBothRoutes(db, "SELECT count(*) FROM t"));
            assertTrue(db.sync().verify().consistent());
            assertTrue(db.sync().status().caughtUp(), db.sync().status().toString());
        }
    }

    @Test
    void damagedDataBlocks_areRepaired_whileSqliteAnswers() throws Exception {
        Path home = createWithRows();
        damage(home.resolve("lumos.duckdb"), 0.5, 8); // data blocks: DuckDB opens the file, and fails reading them
        answersStayRight(home);
        answersStayRight(home); // and the repair held
    }

    @Test
    void aDamagedCatalog_movesTheFileAside_andRebuilds() throws Exception {
        Path home = createWithRows();
        damage(home.resolve("lumos.duckdb"), 0.0, Integer.MAX_VALUE); // its catalog too: DuckDB cannot open the file
        answersStayRight(home);
    }

    private Process child(String mode, Path home) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ChildDatabase.class.getName(), mode,
                home.toString()).redirectError(dir.resolve(mode + ".err").toFile()).start();
    }

    private static Set<String> files(Path home) throws Exception {
        try (var list = Files.list(home)) {
            return new TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aDeletedLockFile_neverMakesALiveReplicaLookCorrupt() throws Exception {
        Path home = createWithRows();
        Process holder = child("hold", home);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(holder.getOutputStream(), true, StandardCharsets.UTF_8)) {
            assertEquals("OPEN", out.readLine(), "the holder opened the database");
            Files.delete(home.resolve("lumos.lock"));
            SQLException e = assertThrows(SQLException.class, () -> LumosDB.open(home));
            assertTrue(e instanceof DatabaseLockedException, e.toString());
            assertTrue(files(home).stream().noneMatch(f -> f.contains("unreadable") || f.contains("damaged")), files(home).toString());
            in.println("count");
            assertEquals("COUNT " + ROWS, out.readLine(), "the holder's replica still answers");
            in.println("close");
            assertTrue(holder.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, holder.exitValue(), () -> readQuietly(dir.resolve("hold.err")));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aReadOnlyDirectory_isAClearError_andNothingIsMoved() throws Exception {
        Path home = createWithRows();
        Set<String> before = files(home);
        long replicaSize = Files.size(home.resolve("lumos.duckdb"));
        String output;
        if ("root".equals(System.getProperty("user.name"))) {
            // root writes through file modes: make a read-only view of the directory in a mount namespace of the child's own
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String script = "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && exec \"$2\" -cp \"$3\" "
                    + ChildDatabase.class.getName() + " open \"$1\"";
            Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", script, "sh", home.toString(), java,
                    System.getProperty("java.class.path")).redirectError(dir.resolve("ro.err").toFile()).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(3, p.exitValue(), () -> output + readQuietly(dir.resolve("ro.err")));
        } else {
            home.toFile().setWritable(false, false);
            try {
                SQLException e = assertThrows(SQLException.class, () -> LumosDB.open(home));
                output = "ERR " + e.getClass().getName() + " " + e.getMessage();
            } finally {
                home.toFile().setWritable(true, false);
            }
        }
        assertTrue(output.contains(SQLNonTransientConnectionException.class.getName()) && output.contains("read-only"), output);
        assertEquals(before, files(home), "nothing moved aside");
        assertEquals(replicaSize, Files.size(home.resolve("lumos.duckdb")));
        answersStayRight(home);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
