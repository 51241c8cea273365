package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Keyset paging over GraphQL, for any data with ties and NULLs and any ordering: the pages, concatenated,
 * are the rows of the same ORDER BY in SQL (then by the key), each once.
 */
class GraphQlPagingPropertyTest {
    private static LiveServer s;

    /** A row: a small integer and a short text, each possibly NULL, so ties and NULLs are common. */
    record Item(Integer a, String b) {}

    /** One ordering column. */
    record Order(String column, boolean descending) {}

    @BeforeContainer
    static void start() throws Exception {
        s = LiveServer.start();
        s.sql("CREATE TABLE items(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
    }

    @AfterContainer
    static void stop() throws Exception {
        s.close();
    }

    @Provide
    Arbitrary<List<Item>> items() {
        Arbitrary<Integer> a = Arbitraries.integers().between(-2, 2).injectNull(0.25);
        Arbitrary<String> b = Arbitraries.of("x", "y", "z").injectNull(0.25);
        return net.jqwik.api.Combinators.combine(a, b).as(Item::new).list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<Order>> orders() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of("a", "b", "id"), Arbitraries.of(true, false)).as(Order::new)
                .list().ofMaxSize(3).uniqueElements(Order::column);
    }

    @Property(tries = 40)
    void pages_concatenate_toTheOrderedRows(@ForAll("items") List<Item> items, @ForAll("orders") List<Order> orders,
            @ForAll("pageSizes") int first) throws Exception {
        s.sql("DELETE FROM items");
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            s.post("/v1/sql", s.adminKey, LiveServer.JSON.createObjectNode().put("sql", "INSERT INTO items VALUES (?, ?, ?)")
                    .set("params", LiveServer.JSON.valueToTree(java.util.Arrays.asList(i + 1, it.a(), it.b()))).toString()).expect(200);
        }
        StringBuilder orderSql = new StringBuilder();
        StringBuilder orderGql = new StringBuilder("[");
        for (Order o : orders) {
            orderSql.append(o.column()).append(o.descending() ? " DESC" : "").append(", ");
            orderGql.append("{field: ").append(o.column()).append(", direction: ").append(o.descending() ? "DESC" : "ASC").append("} ");
        }
        List<Long> expected = new ArrayList<>();
        s.sql("SELECT id FROM items ORDER BY " + orderSql + "rowid").get("rows").forEach(r -> expected.add(r.get(0).longValue()));
        List<Long> paged = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages <= items.size() + 1; pages++) {
            String q = "{ items(first: " + first + ", orderBy: " + orderGql + "]" + (after == null ? "" : ", after: \"" + after + "\"")
                    + ") { nodes { id } pageInfo { hasNextPage endCursor } } }";
            JsonNode a = s.post("/graphql", s.adminKey, LiveServer.JSON.createObjectNode().put("query", q).toString()).expect(200).json();
            assertTrue(a.path("errors").isMissingNode(), a::toString);
            JsonNode c = a.get("data").get("items");
            c.get("nodes").forEach(n -> paged.add(n.get("id").longValue()));
            if (!c.get("pageInfo").get("hasNextPage").booleanValue()) {
                break;
            }
            after = c.get("pageInfo").get("endCursor").asText();
        }
        assertEquals(expected, paged);
    }

    @Provide
    Arbitrary<Integer> pageSizes() {
        return Arbitraries.integers().between(1, 6);
    }
}
