package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TableEndpointsTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
        s.sql("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)");
        s.sql("CREATE INDEX items_name ON items(name)");
        s.sql("INSERT INTO items WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 250)"
                + " SELECT x, 'item ' || x, x * 1.5 FROM c");
        s.sql("CREATE TABLE pairs(a TEXT, b INTEGER, v TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID");
        s.sql("INSERT INTO pairs VALUES ('x', 2, 'x2'), ('x', 1, 'x1'), ('a', 9, 'a9'), ('m', 5, 'm5'), ('x', 10, 'x10')");
        s.sql("CREATE VIEW cheap AS SELECT * FROM items WHERE price < 10");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void list_showsUserTablesAndViewsOnly() throws Exception {
        JsonNode t = s.get("/v1/tables", s.adminKey).expect(200).json().get("tables");
        List<String> names = new ArrayList<>();
        t.forEach(n -> names.add(n.get("name").asText()));
        assertEquals(List.of("cheap", "items", "pairs"), names.stream().filter(n -> !n.startsWith("lumos_")).toList());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("_lumos_") || n.startsWith("sqlite_")), names.toString());
    }

    @Test
    void describe_namesColumnsIndexesAndCount() throws Exception {
        JsonNode t = s.get("/v1/tables/items", s.adminKey).expect(200).json();
        assertEquals(250, t.get("rowCount").asLong());
        assertEquals("name", t.get("columns").get(1).get("name").asText());
        assertTrue(t.get("columns").get(1).get("notNull").asBoolean());
        assertTrue(t.get("columns").get(0).get("primaryKey").asBoolean());
        assertEquals("items_name", t.get("indexes").get(0).get("name").asText());
        assertEquals("name", t.get("indexes").get(0).get("columns").get(0).asText());
        assertFalse(t.get("withoutRowid").asBoolean());
        assertTrue(s.get("/v1/tables/pairs", s.adminKey).expect(200).json().get("withoutRowid").asBoolean());
        s.get("/v1/tables/nope", s.adminKey).expect(404);
        s.get("/v1/tables/_lumos_changes", s.adminKey).expect(404);
    }

    @Test
    void rows_pageByKeyThroughEveryRowOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = s.get("/v1/tables/items/rows?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), s.adminKey)
                    .expect(200).json();
            assertEquals("[\"id\",\"name\",\"price\"]", page.get("columns").toString());
            page.get("rows").forEach(r -> ids.add(r.get(0).asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            if (pages == 0) {
                s.sql("DELETE FROM items WHERE id = 50"); // behind the cursor: nothing moves
                s.sql("INSERT INTO items VALUES (1000, 'late', 1)"); // ahead of it: seen
            }
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(251, ids.size());
        assertEquals(1000L, ids.get(ids.size() - 1));
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1));
        }
    }

    @Test
    void rows_ofAWithoutRowidTable_pageByItsPrimaryKey() throws Exception {
        JsonNode first = s.get("/v1/tables/pairs/rows?limit=2", s.adminKey).expect(200).json();
        assertEquals("[[\"a\",9,\"a9\"],[\"m\",5,\"m5\"]]", first.get("rows").toString());
        String next = URLEncoder.encode(first.get("nextCursor").asText(), StandardCharsets.UTF_8);
        JsonNode second = s.get("/v1/tables/pairs/rows?limit=5&cursor=" + next, s.adminKey).expect(200).json();
        assertEquals("[[\"x\",1,\"x1\"],[\"x\",2,\"x2\"],[\"x\",10,\"x10\"]]", second.get("rows").toString());
        assertTrue(second.get("nextCursor").isNull());
    }

    @Test
    void rows_refuseBadCursorsLimitsAndViews() throws Exception {
        s.get("/v1/tables/items/rows?cursor=garbage!", s.adminKey).expect(400);
        s.get("/v1/tables/items/rows?cursor=WzEsMl0", s.adminKey).expect(400); // [1,2]: two values for a one-column key
        s.get("/v1/tables/items/rows?limit=0", s.adminKey).expect(400);
        s.get("/v1/tables/items/rows?limit=1001", s.adminKey).expect(400);
        s.get("/v1/tables/items/rows?limit=ten", s.adminKey).expect(400);
        s.get("/v1/tables/cheap/rows", s.adminKey).expect(400);
    }
}
