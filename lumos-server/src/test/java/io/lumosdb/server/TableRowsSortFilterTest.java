package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/tables/{name}/rows} with orderBy and where: the whole table, keyset-paged, checked against SQL; hostile input refused. */
class TableRowsSortFilterTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
        s.sql("CREATE TABLE sales(id INTEGER PRIMARY KEY, region TEXT, amount INTEGER, \"odd:name\" TEXT, note TEXT)");
        s.sql("INSERT INTO sales WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 230)"
                + " SELECT x, CASE x % 3 WHEN 0 THEN 'north' WHEN 1 THEN 'south' ELSE NULL END, (x * 37) % 11,"
                + " 'o' || (x % 5), CASE WHEN x % 4 = 0 THEN NULL ELSE 'n' || x END FROM c");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /** Every id the endpoint gives, page by page ({@code limit} a page), for the query string {@code params}. */
    private static List<Long> pages(String params, int limit) throws Exception {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            String path = "/v1/tables/sales/rows?limit=" + limit + params + (cursor == null ? "" : "&cursor=" + enc(cursor));
            JsonNode p = s.get(path, s.adminKey).expect(200).json();
            assertEquals("id", p.get("columns").get(0).asText()); // the table's columns only, not the sort key
            p.get("rows").forEach(r -> ids.add(r.get(0).asLong()));
            if (p.get("nextCursor").isNull()) {
                return ids;
            }
            cursor = p.get("nextCursor").asText();
        }
        throw new AssertionError("more than 1,000 pages");
    }

    private static List<Long> sql(String sql) throws Exception {
        List<Long> ids = new ArrayList<>();
        s.sql(sql).get("rows").forEach(r -> ids.add(r.get(0).asLong()));
        return ids;
    }

    @Test
    void orderBy_pagesTheWholeTableInThatOrder() throws Exception {
        assertEquals(sql("SELECT id FROM sales ORDER BY amount DESC, id"), pages("&orderBy=amount:desc", 17));
        assertEquals(sql("SELECT id FROM sales ORDER BY region, amount DESC, id"), pages("&orderBy=region&orderBy=amount:DESC", 23));
        assertEquals(sql("SELECT id FROM sales ORDER BY note DESC, id"), pages("&orderBy=note:desc", 9)); // NULLs last descending
        assertEquals(sql("SELECT id FROM sales ORDER BY \"odd:name\", id DESC"), pages("&orderBy=" + enc("odd:name:asc") + "&orderBy=id:desc", 31));
    }

    @Test
    void where_filtersTheWholeTable() throws Exception {
        String where = "{\"amount\":{\"gte\":3,\"lt\":9},\"or\":[{\"region\":{\"eq\":\"north\"}},{\"region\":{\"isNull\":true}}],"
                + "\"not\":{\"note\":{\"like\":\"n1%\"}}}";
        assertEquals(sql("SELECT id FROM sales WHERE amount >= 3 AND amount < 9 AND (region = 'north' OR region IS NULL)"
                + " AND NOT (note LIKE 'n1%') ORDER BY amount, id"), pages("&orderBy=amount&where=" + enc(where), 10));
        assertEquals(sql("SELECT id FROM sales WHERE id IN (5, 7, 200) ORDER BY id"), pages("&where=" + enc("{\"id\":{\"in\":[200,5,7,999]}}"), 2));
        assertEquals(List.of(), pages("&where=" + enc("{\"region\":{\"eq\":\"x' OR 1=1 --\"}}"), 50)); // a value, bound
    }

    @Test
    void hostileParameters_areRefusedByName_andTheTableIsUnchanged() throws Exception {
        String[][] bad = {
            {"orderBy=nope", "no column 'nope'"},
            {"orderBy=" + enc("id; DROP TABLE sales"), "no column"},
            {"orderBy=amount:sideways", "column:desc"},
            {"orderBy=" + enc("odd:name"), "column:desc"},
            {"orderBy=amount&orderBy=amount", "twice"},
            {"orderBy=a&orderBy=b&orderBy=c&orderBy=d&orderBy=e&orderBy=f&orderBy=g&orderBy=h&orderBy=i", "at most 8"},
            {"where=" + enc("{not json"), "not JSON"},
            {"where=" + enc("[1,2]"), "must be an object"},
            {"where=" + enc("{\"1=1) OR (1\":{\"eq\":1}}"), "no column '1=1) OR (1'"},
            {"where=" + enc("{\"amount\":5}"), "object of conditions"},
            {"where=" + enc("{\"amount\":{\"drop\":1}}"), "not a condition"},
            {"where=" + enc("{\"amount\":{\"eq\":null}}"), "isNull"},
            {"where=" + enc("{\"amount\":{\"eq\":[1]}}"), "single value"},
            {"where=" + enc("{\"amount\":{\"in\":5}}"), "array of values"},
            {"where=" + enc("{\"amount\":{\"isNull\":\"yes\"}}"), "true or false"},
            {"where=" + enc("{\"note\":{\"eq\":{\"$blob\":\"!!\"}}}"), "base64"},
            {"where=" + enc("{\"or\":{}}"), "array of filters"},
            {"where=" + enc("{\"not\":".repeat(40) + "{}" + "}".repeat(40)), "nest"},
            {"cursor=" + enc("WzEsMiwzXQ") + "&orderBy=amount", "cursor"},
        };
        for (String[] b : bad) {
            LiveServer.Answer a = s.get("/v1/tables/sales/rows?" + b[0], s.adminKey);
            assertEquals(400, a.status(), () -> b[0] + ": " + a.body());
            assertEquals(Problems.CONTENT_TYPE, a.header("Content-Type"));
            assertTrue(a.json().get("detail").asText().contains(b[1]), () -> b[0] + " -> " + a.body());
        }
        int overlong = s.get("/v1/tables/sales/rows?where=" + enc("{\"region\":{\"eq\":\"" + "x".repeat(9_000) + "\"}}"), s.adminKey).status();
        assertTrue(overlong == 400 || overlong == 414, "an overlong where: " + overlong); // Jetty's URL limit comes first
        assertEquals(230, s.sql("SELECT count(*) FROM sales").get("rows").get(0).get(0).asLong());
        s.get("/v1/tables/" + enc("sales\" WHERE 1") + "/rows", s.adminKey).expect(404);
    }

    @Test
    void boundKeys_areRefused() throws Exception {
        String bound = s.key("read", "alice", null);
        s.get("/v1/tables/sales/rows?orderBy=amount", bound).expect(403);
    }
}
