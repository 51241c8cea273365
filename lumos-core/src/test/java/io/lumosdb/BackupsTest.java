package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {
    @TempDir
    Path tmp;

    @Test
    void backupTo_isConsistentWhileWritersGoOn_andRestoresWithEqualContents() throws Exception {
        Path backup = tmp.resolve("b.sqlite");
        List<String> before;
        try (LumosDB db = LumosDB.open(tmp.resolve("src"))) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, b BLOB)");
            for (int i = 0; i < 200; i++) {
                db.update("INSERT INTO t VALUES (?, ?, ?)", i, "v" + i, new byte[] {(byte) i});
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                int i = 1_000;
                while (!stop.get()) {
                    long pair = 2L * i;
                    try { // pairs: a consistent copy holds both rows of a pair or neither
                        db.transaction(tx -> tx.update("INSERT INTO t VALUES (?, 'a', NULL)", pair)
                                + tx.update("INSERT INTO t VALUES (?, 'b', NULL)", pair + 1));
                    } catch (Exception e) {
                        return;
                    }
                    i++;
                }
            }, "backup-test-writer");
            writer.start();
            db.backupTo(backup);
            stop.set(true);
            writer.join();
            assertThrows(SQLDataException.class, () -> db.backupTo(backup)); // never overwrites
            assertThrows(SQLDataException.class, () -> db.backupTo(tmp.resolve("no/such/dir/x.sqlite")));
            assertThrows(java.sql.SQLNonTransientConnectionException.class, () -> LumosDB.restore(tmp.resolve("src"), backup),
                    "an open directory is not restored into");
        }
        Path target = tmp.resolve("target");
        LumosDB.restore(target, backup);
        try (LumosDB db = LumosDB.open(target)) {
            assertEquals(0, db.query("SELECT count(*) FROM t WHERE id >= 2000 AND id % 2 = 0 AND id + 1 NOT IN (SELECT id FROM t)")
                    .rows().get(0).getLong(0));
            before = new ArrayList<>();
            for (Row r : db.query(Route.OLAP, "SELECT id, v FROM t WHERE id < 200 ORDER BY id").rows()) {
                before.add(r.getLong(0) + ":" + r.getString(1));
            }
            assertEquals(200, before.size());
            assertEquals("199:v199", before.get(199));
            assertTrue(db.sync().verify().consistent());
        }
    }

    @Test
    void restore_refusesWhatIsNotAnIntactSqliteFile_andChangesNothing() throws Exception {
        Path junk = tmp.resolve("junk.sqlite");
        Files.writeString(junk, "SQLite format 3? no");
        Path dir = tmp.resolve("db");
        try (LumosDB db = LumosDB.open(dir)) {
            db.execute("CREATE TABLE keep(a)");
        }
        SQLDataException e = assertThrows(SQLDataException.class, () -> LumosDB.restore(dir, junk));
        assertTrue(e.getMessage().contains("not a SQLite database"), e.getMessage());
        assertThrows(SQLDataException.class, () -> LumosDB.restore(dir, tmp.resolve("missing.sqlite")));
        try (LumosDB db = LumosDB.open(dir)) {
            assertEquals(1, db.query("SELECT count(*) FROM sqlite_master WHERE name = 'keep'").rows().get(0).getLong(0));
        }
    }
}
