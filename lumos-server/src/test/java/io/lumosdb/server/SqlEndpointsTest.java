package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlEndpointsTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
        s.sql("CREATE TABLE v(id INTEGER PRIMARY KEY, big INTEGER, r REAL, t TEXT, b BLOB, ts TIMESTAMP)");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void values_roundTripWithoutLoss() throws Exception {
        String body = "{\"sql\":\"INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)\",\"params\":[1, 9223372036854775807, 0.1,"
                + " \"h\\u00e9\", {\"$blob\":\"AAEC/w==\"}, {\"$timestamp\":\"2024-05-01T12:00:00+02:00\"}]}";
        assertEquals(1, s.post("/v1/sql", s.adminKey, body).expect(200).json().get("rowsChanged").asLong());
        JsonNode row = s.sql("SELECT big, r, t, b, ts FROM v WHERE id = 1").get("rows").get(0);
        assertTrue(row.get(0).isIntegralNumber());
        assertEquals(Long.MAX_VALUE, row.get(0).longValue());
        assertEquals(0.1, row.get(1).doubleValue());
        assertEquals("h\u00e9", row.get(2).asText());
        assertEquals("AAEC/w==", row.get(3).get("$blob").asText());
        assertEquals("2024-05-01 10:00:00", row.get(4).asText());
        JsonNode js = s.post("/v1/sql?int64=string", s.adminKey, "{\"sql\":\"SELECT big, 5 FROM v WHERE id = 1\"}").expect(200).json();
        assertEquals("9223372036854775807", js.get("rows").get(0).get(0).textValue());
        assertEquals(5, js.get("rows").get(0).get(1).intValue()); // small integers stay numbers
        JsonNode sent = s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT ? + 1\",\"params\":[{\"$int64\":\"9007199254740993\"}]}")
                .expect(200).json();
        assertEquals(9007199254740994L, sent.get("rows").get(0).get(0).longValue());
    }

    @Test
    void answer_namesRouteReasonAndTime() throws Exception {
        JsonNode r = s.sql("SELECT count(*) AS n FROM v");
        assertEquals("n", r.get("columns").get(0).asText());
        assertEquals("OLTP", r.get("route").asText());
        assertFalse(r.get("reason").asText().isEmpty());
        assertTrue(r.get("elapsedMs").isNumber());
        JsonNode olap = s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT count(*) FROM v\",\"route\":\"olap\"}").expect(200).json();
        assertEquals("OLAP", olap.get("route").asText());
        s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT count(*) FROM v\",\"freshness\":\"bounded:2s\"}").expect(200);
        s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT 1\",\"freshness\":\"soon\"}").expect(400);
        s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT 1\",\"route\":\"gpu\"}").expect(400);
    }

    @Test
    void ndjson_streamsHeaderRowsAndTrailer() throws Exception {
        s.sql("CREATE TABLE many(i INTEGER PRIMARY KEY)");
        s.sql("INSERT INTO many WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT x FROM c");
        LiveServer.Answer a = s.call("POST", "/v1/sql", s.adminKey, "{\"sql\":\"SELECT i FROM many ORDER BY i\"}",
                Map.of("Accept", "application/x-ndjson")).expect(200);
        assertTrue(a.header("Content-Type").startsWith("application/x-ndjson"));
        String[] lines = a.body().split("\n");
        assertEquals(5002, lines.length);
        assertEquals("i", LiveServer.JSON.readTree(lines[0]).get("columns").get(0).asText());
        assertEquals("[1]", lines[1]);
        assertEquals("[5000]", lines[5000]);
        assertEquals(5000, LiveServer.JSON.readTree(lines[5001]).get("rowCount").asLong());
    }

    @Test
    void batch_isAllOrNone() throws Exception {
        s.sql("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER NOT NULL)");
        JsonNode ok = s.post("/v1/batch", s.adminKey, "{\"statements\":[{\"sql\":\"INSERT INTO acct VALUES (1, 10)\"},"
                + "{\"sql\":\"INSERT INTO acct VALUES (?, ?)\",\"params\":[2, 20]},{\"sql\":\"SELECT sum(bal) FROM acct\"}]}")
                .expect(200).json();
        assertEquals(30, ok.get("results").get(2).get("rows").get(0).get(0).asLong());
        LiveServer.Answer failed = s.post("/v1/batch", s.adminKey, "{\"statements\":[{\"sql\":\"INSERT INTO acct VALUES (3, 30)\"},"
                + "{\"sql\":\"INSERT INTO acct VALUES (1, 99)\"}]}").expect(409);
        assertTrue(failed.json().get("detail").asText().startsWith("statements[1]"), failed.body());
        assertEquals(2, s.sql("SELECT count(*) FROM acct").get("rows").get(0).get(0).asLong()); // row 3 rolled back
    }

    @Test
    void timeout_cancelsARunningStatement() throws Exception {
        String slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        LiveServer.Answer a = s.post("/v1/sql", s.adminKey, "{\"sql\":\"" + slow + "\",\"timeoutMs\":200}").expect(408);
        assertEquals(Problems.CONTENT_TYPE, a.header("Content-Type"));
        s.sql("SELECT 1"); // the server and its readers go on
    }

    @Test
    void errors_areProblemsWithTheRequestId() throws Exception {
        LiveServer.Answer a = s.call("POST", "/v1/sql", s.adminKey, "{\"sql\":\"SELEC 1\"}", Map.of("X-Request-Id", "abc-123"))
                .expect(400);
        JsonNode p = a.json();
        assertEquals("abc-123", a.header("X-Request-Id"));
        assertEquals("abc-123", p.get("requestId").asText());
        assertEquals(400, p.get("status").asInt());
        assertNotNull(p.get("title"));
        assertTrue(p.get("detail").asText().contains("SELEC"), p.toString());
        s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT * FROM no_such_table\"}").expect(400);
        s.post("/v1/sql", s.adminKey, "{\"sql\":\"ATTACH '/etc/passwd' AS x\"}").expect(400);
        s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT * FROM read_text('/etc/passwd')\",\"route\":\"olap\"}").expect(400);
    }
}
