package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analytical route reaches no host file unless a directory was granted, and nothing can undo that. */
class SandboxTest {
    @TempDir
    Path dir;
    Path secret;
    LumosDB db;

    @BeforeEach
    void open() throws Exception {
        secret = Files.writeString(dir.resolve("secret.txt"), "top secret\n");
        db = LumosDB.open(dir.resolve("db"));
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)");
        db.update("INSERT INTO t(x) VALUES ('a')");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void hostFiles_cannotBeRead_onAnyRouteOrHint() {
        String[] reads = {
            "SELECT * FROM read_text('" + secret + "')",
            "SELECT * FROM glob('" + dir + "/*')",
            "SELECT * FROM read_csv('" + secret + "')",
            "SELECT * FROM read_json_auto('/etc/passwd')",
            "SELECT * FROM sniff_csv('" + secret + "')",
            "SELECT content FROM read_blob('/etc/hostname')",
        };
        for (String sql : reads) {
            SQLException e = assertThrows(SQLException.class, () -> db.query(Route.OLAP, sql), sql);
            assertFalse(e.getMessage().contains("top secret"), e.getMessage());
            SQLException hinted = assertThrows(SQLException.class, () -> db.query(sql.replace("SELECT", "SELECT /*+ OLAP */")), sql);
            assertFalse(hinted.getMessage().contains("top secret"), hinted.getMessage());
        }
    }

    @Test
    void extensions_andSettings_cannotBeChanged() {
        for (String sql : new String[] {"INSTALL httpfs", "LOAD httpfs", "SET enable_external_access = true",
                "SELECT * FROM duckdb_extensions()", "ATTACH '" + dir.resolve("x.duckdb") + "' AS x"}) {
            assertThrows(SQLException.class, () -> db.query(Route.OLAP, sql), sql);
        }
        assertFalse(Files.exists(dir.resolve("x.duckdb")));
    }

    @Test
    void grantedDirectory_isReadable_andNothingElse() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("data.csv"), "a,b\n1,x\n2,y\n");
        try (LumosDB granted = LumosDB.builder().directory(dir.resolve("db2")).allowFileAccess(in).open()) {
            assertEquals(2L, granted.query(Route.OLAP, "SELECT count(*) FROM read_csv('" + in.resolve("data.csv") + "')")
                    .rows().get(0).getLong(0));
            SQLException outside = assertThrows(SQLException.class,
                    () -> granted.query(Route.OLAP, "SELECT * FROM read_text('" + secret + "')"));
            assertTrue(outside.getMessage().contains("Permission"), outside.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LumosDB.builder().allowFileAccess(dir.resolve("missing")));
    }

    @Test
    void copyAndAttach_throughWrites_areRefused() {
        Path out = dir.resolve("out.csv");
        assertThrows(SQLException.class, () -> db.update("COPY (SELECT 42) TO '" + out + "'"));
        SQLSyntaxErrorException attach = assertThrows(SQLSyntaxErrorException.class,
                () -> db.execute("ATTACH DATABASE '" + dir.resolve("other.sqlite") + "' AS other"));
        assertTrue(attach.getMessage().contains("ATTACH"), attach.getMessage());
        assertThrows(SQLSyntaxErrorException.class, () -> db.execute("VACUUM INTO '" + dir.resolve("copy.sqlite") + "'"));
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("other.sqlite")));
        assertFalse(Files.exists(dir.resolve("copy.sqlite")));
    }
}
