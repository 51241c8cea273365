package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.introspection.IntrospectionQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /graphql} over real HTTP: tables as types, filters, keyset paging, DDL, search, recall, auth, hostile documents. */
class GraphQlEndpointTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
        s.sql("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, amount REAL, big INTEGER, at TIMESTAMP, paid BOOLEAN, raw BLOB, \"odd name\" TEXT)");
        s.post("/v1/sql", s.adminKey, "{\"sql\": \"INSERT INTO orders VALUES (1, 'acme', 9.5, 9007199254740993, ?, 1, ?, 'x')\","
                + " \"params\": [{\"$timestamp\": \"2024-05-01T12:00:00+02:00\"}, {\"$blob\": \"AAEC\"}]}").expect(200);
        s.sql("INSERT INTO orders(id, customer, amount, paid) VALUES (2, 'zeta', 4.5, 0), (3, 'acme', 1.0, NULL), (4, NULL, 7.0, 1)");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static LiveServer.Answer gql(String key, String query) throws Exception {
        return gql(key, query, null);
    }

    static LiveServer.Answer gql(String key, String query, ObjectNode variables) throws Exception {
        ObjectNode body = LiveServer.JSON.createObjectNode().put("query", query);
        if (variables != null) {
            body.set("variables", variables);
        }
        return s.post("/graphql", key, body.toString());
    }

    static JsonNode data(String key, String query) throws Exception {
        JsonNode a = gql(key, query).expect(200).json();
        assertTrue(a.path("errors").isMissingNode(), () -> "errors: " + a);
        return a.get("data");
    }

    @Test
    void table_valuesTypedWithoutLoss() throws Exception {
        JsonNode row = data(s.adminKey, "{ orders(where: {id: {eq: 1}}) { nodes { id customer amount big at paid raw odd_name } } }")
                .get("orders").get("nodes").get(0);
        assertEquals(9007199254740993L, row.get("big").longValue());
        assertTrue(row.get("big").isIntegralNumber());
        assertEquals("2024-05-01T10:00:00.000Z", row.get("at").asText());
        assertTrue(row.get("paid").booleanValue());
        assertEquals("AAEC", row.get("raw").get("$blob").asText());
        assertEquals("x", row.get("odd_name").asText());
        assertEquals(9.5, row.get("amount").doubleValue());
    }

    @Test
    void filters_eachOperatorAndCombinations() throws Exception {
        assertEquals(List.of(1L, 3L), ids("customer: {eq: \"acme\"}"));
        assertEquals(List.of(2L), ids("customer: {ne: \"acme\"}"));
        assertEquals(List.of(1L, 4L), ids("amount: {gt: 5}"));
        assertEquals(List.of(1L, 2L, 4L), ids("amount: {gte: 4.5}"));
        assertEquals(List.of(3L), ids("amount: {lt: 4.5}"));
        assertEquals(List.of(2L, 3L), ids("amount: {lte: 4.5}"));
        assertEquals(List.of(2L, 4L), ids("id: {in: [2, 4, 99]}"));
        assertEquals(List.of(), ids("id: {in: []}"));
        assertEquals(List.of(1L, 3L), ids("customer: {like: \"ac%\"}"));
        assertEquals(List.of(), ids("customer: {like: \"AC%\"}")); // case-sensitive, as on both engines
        assertEquals(List.of(4L), ids("customer: {isNull: true}"));
        assertEquals(List.of(1L, 2L, 3L), ids("customer: {isNull: false}"));
        assertEquals(List.of(1L, 4L), ids("paid: {eq: true}"));
        assertEquals(List.of(1L), ids("at: {gt: \"2024-05-01T09:00:00Z\"}"));
        assertEquals(List.of(1L, 2L, 4L), ids("or: [{customer: {eq: \"zeta\"}}, {amount: {gt: 5}}]"));
        assertEquals(List.of(3L), ids("and: [{customer: {eq: \"acme\"}}, {amount: {lt: 5}}]"));
        assertEquals(List.of(2L, 3L, 4L), ids("not: {id: {eq: 1}}"));
        assertEquals(List.of(1L), ids("customer: {eq: \"acme\"}, amount: {gt: 2}"));
    }

    private static List<Long> ids(String where) throws Exception {
        JsonNode nodes = data(s.adminKey, "{ orders(where: {" + where + "}) { nodes { id } } }").get("orders").get("nodes");
        List<Long> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.get("id").longValue()));
        return out;
    }

    @Test
    void paging_keysetCursorsThroughOrderWithTiesAndNulls() throws Exception {
        List<Long> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode c = data(s.adminKey, "{ orders(first: 1, orderBy: [{field: customer, direction: DESC}]"
                    + (after == null ? "" : ", after: \"" + after + "\"") + ") { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }")
                    .get("orders");
            c.get("edges").forEach(e -> seen.add(e.get("node").get("id").longValue()));
            after = c.get("pageInfo").get("hasNextPage").booleanValue() ? c.get("pageInfo").get("endCursor").asText() : null;
            assertTrue(++pages <= 5);
        } while (after != null);
        assertEquals(List.of(2L, 1L, 3L, 4L), seen); // zeta, acme (by id), NULL last when descending
        JsonNode bad = gql(s.adminKey, "{ orders(after: \"not-a-cursor\") { nodes { id } } }").expect(200).json();
        assertEquals(400, bad.get("errors").get(0).get("extensions").get("status").asInt());
        assertEquals(400, gql(s.adminKey, "{ orders(first: 0) { nodes { id } } }").json().get("errors").get(0).get("extensions").get("status").asInt());
    }

    @Test
    void schema_followsDdl() throws Exception {
        s.sql("CREATE TABLE later(k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID");
        s.sql("INSERT INTO later VALUES ('a', 1), ('b', 2)");
        assertEquals("b", data(s.adminKey, "{ later(orderBy: [{field: v, direction: DESC}]) { nodes { k v } } }")
                .get("later").get("nodes").get(0).get("k").asText());
        s.sql("ALTER TABLE later ADD COLUMN w TEXT");
        s.sql("UPDATE later SET w = 'new' WHERE k = 'a'");
        assertEquals("new", data(s.adminKey, "{ later(where: {w: {isNull: false}}) { nodes { w } } }")
                .get("later").get("nodes").get(0).get("w").asText());
        s.sql("DROP TABLE later");
        assertEquals(400, gql(s.adminKey, "{ later { nodes { k } } }").status());
    }

    @Test
    void introspection_isOn() throws Exception {
        JsonNode schema = data(s.adminKey, IntrospectionQuery.INTROSPECTION_QUERY).get("__schema");
        List<String> types = new ArrayList<>();
        schema.get("types").forEach(t -> types.add(t.get("name").asText()));
        assertTrue(types.containsAll(List.of("orders", "ordersConnection", "ordersFilter", "LongFilter", "Memory", "VectorSearch")), types::toString);
    }

    @Test
    void vectorSearch_andCollectionBoundKeys() throws Exception {
        s.call("PUT", "/v1/collections/gdocs", s.adminKey, "{\"dimensions\": 3}").expect(201);
        s.call("PUT", "/v1/collections/gother", s.adminKey, "{\"dimensions\": 3}").expect(201);
        s.call("PUT", "/v1/collections/gdocs/points", s.adminKey, "{\"points\": [{\"id\": \"d1\", \"vector\": [1, 0, 0], \"metadata\":"
                + " {\"lang\": \"en\"}}, {\"id\": \"d2\", \"vector\": [0, 1, 0], \"metadata\": {\"lang\": \"de\"}}]}").expect(200);
        String q = "{ vectorSearch(collection: \"gdocs\", vector: [1, 0.1, 0], k: 2, filter: \"lang = 'en'\") { hits { id score metadata } plan { strategy } } }";
        JsonNode hits = data(s.adminKey, q).get("vectorSearch").get("hits");
        assertEquals(1, hits.size());
        assertEquals("d1", hits.get(0).get("id").asText());
        assertEquals("en", hits.get(0).get("metadata").get("lang").asText());
        String bound = s.key("read", null, "[\"gdocs\"]");
        assertEquals("d1", data(bound, q).get("vectorSearch").get("hits").get(0).get("id").asText());
        JsonNode other = gql(bound, q.replace("gdocs", "gother")).expect(200).json();
        assertEquals(403, other.get("errors").get(0).get("extensions").get("status").asInt());
        JsonNode table = gql(bound, "{ orders { nodes { id } } }").expect(200).json();
        assertEquals(403, table.get("errors").get(0).get("extensions").get("status").asInt());
        assertTrue(table.get("data").get("orders").isNull());
        JsonNode memory = gql(s.adminKey, q.replace("gdocs", "lumos_memory")).json();
        assertEquals(403, memory.get("errors").get(0).get("extensions").get("status").asInt());
    }

    @Test
    void recall_inTheKeysUserScope() throws Exception {
        s.post("/v1/memories", s.adminKey, "{\"text\": \"Alice moved to Berlin in May 2023\", \"user\": \"alice\"}").expect(201);
        s.post("/v1/memories", s.adminKey, "{\"text\": \"Bob moved to Berlin too\", \"user\": \"bob\"}").expect(201);
        String q = "{ recall(query: \"Who lives in Berlin?\", k: 5) { id text user score at } }";
        JsonNode all = data(s.adminKey, q).get("recall");
        assertEquals(2, all.size());
        String alice = s.key("read", "alice", null);
        JsonNode mine = data(alice, q).get("recall");
        assertEquals(1, mine.size());
        assertEquals("alice", mine.get(0).get("user").asText());
        assertTrue(mine.get(0).get("at").asText().endsWith("Z"));
        JsonNode other = gql(alice, "{ recall(query: \"Berlin\", user: \"bob\") { id } }").expect(200).json();
        assertEquals(403, other.get("errors").get(0).get("extensions").get("status").asInt());
        JsonNode widen = gql(alice, "{ recall(query: \"Berlin\", filter: \"1 = 1) OR (user = 'bob'\") { id } }").expect(200).json();
        assertEquals(400, widen.get("errors").get(0).get("extensions").get("status").asInt());
    }

    @Test
    void auth_sameAsRest() throws Exception {
        assertEquals(401, s.post("/graphql", null, "{\"query\": \"{ orders { nodes { id } } }\"}").status());
        assertEquals(401, s.post("/graphql", "lumos_0000000000000000_" + "A".repeat(43), "{\"query\": \"{ __typename }\"}").status());
        String read = s.key("read", null, null);
        assertEquals(4, data(read, "{ orders { nodes { id } } }").get("orders").get("nodes").size());
        String metrics = s.key("metrics", null, null);
        assertEquals(403, s.post("/graphql", metrics, "{\"query\": \"{ __typename }\"}").status());
    }

    @Test
    void readOnly_mutationsAndSubscriptionsRefused() throws Exception {
        JsonNode a = gql(s.adminKey, "mutation { orders { nodes { id } } }").expect(400).json();
        assertTrue(a.get("data") == null || a.get("data").isNull());
        assertFalse(a.get("errors").isEmpty());
        assertEquals(4, s.sql("SELECT count(*) FROM orders").get("rows").get(0).get(0).asInt());
    }

    @Test
    void hostileDocuments_answeredAsErrors() throws Exception {
        String deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType"
                + " { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } } } } } } } }";
        assertErrors(gql(s.adminKey, deep).expect(400));
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            aliases.append(" a").append(i).append(": orders(first: 1000) { nodes { id customer } }");
        }
        assertErrors(gql(s.adminKey, aliases.append('}').toString()).expect(400));
        assertErrors(gql(s.adminKey, "{" + " orders { nodes { id } }".repeat(3_000) + "}").expect(400)); // over 15,000 tokens
        assertEquals("Bad request", gql(s.adminKey, "{" + " ".repeat(100_001) + "}").expect(400).json().get("title").asText()); // a problem
        assertErrors(gql(s.adminKey, "{ orders(where: " + "{not: ".repeat(200) + "{}" + "}".repeat(200) + ") { nodes { id } } }").expect(400));
        assertErrors(gql(s.adminKey, "{ orders(where: {id: {in: [" + "[".repeat(3_000) + "]".repeat(3_000) + "]}}) { nodes { id } } }").expect(400));
        assertErrors(gql(s.adminKey, "{ orders { nodes { id } ").expect(400)); // does not parse
        assertErrors(gql(s.adminKey, "{ nosuchtable { nodes { id } } }").expect(400));
        ObjectNode vars = LiveServer.JSON.createObjectNode();
        ObjectNode w = vars.putObject("w");
        for (int i = 0; i < 40; i++) {
            w = w.putObject("not");
        }
        JsonNode deepFilter = gql(s.adminKey, "query($w: ordersFilter) { orders(where: $w) { nodes { id } } }", vars).json();
        assertEquals(400, deepFilter.get("errors").get(0).get("extensions").get("status").asInt(), deepFilter::toString);
        s.post("/graphql", s.adminKey, "{\"query\": 42}").expect(400);
        s.post("/graphql", s.adminKey, "{\"query\": \"{ __typename }\", \"variables\": [1]}").expect(400);
        s.post("/graphql", s.adminKey, "not json").expect(400);
        assertEquals("Query", data(s.adminKey, "{ __typename }").get("__typename").asText()); // still serving
    }

    private static void assertErrors(LiveServer.Answer a) {
        JsonNode body = a.json();
        assertFalse(body.path("errors").isEmpty(), body::toString);
        assertTrue(body.path("data").isMissingNode() || body.get("data").isNull(), body::toString);
    }
}
