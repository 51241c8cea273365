package io.lumosdb.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.server.LumosServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (Debian's headless Chromium) against a real server on 127.0.0.1 that serves the
 * bundle this module built: sign in, the dashboard (with the server's traffic from /metrics), browse a table by pages,
 * sorted and filtered by the server, run SQL and see route and reason, build a query visually, cancel on the server,
 * search vectors by id and by text, recall memories with their score parts and forget one, create and revoke keys,
 * download a backup, verify the replica, read the configuration, and a read key that cannot write nor read metrics. Every page is captured in both themes (target/screenshots) and checked by
 * axe-core; the browser's console must stay free of errors but for the refusals a test provokes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path work;
    static LumosServer server;
    static String adminKey;
    static String readKey;
    static ConsoleBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        server = LumosServer.builder().directory(work.resolve("db")).port(0).start();
        adminKey = server.initialAdminKey().orElseThrow();
        api("POST", "/v1/sql", "{\"sql\": \"CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT NOT NULL, amount REAL)\"}", 200);
        api("POST", "/v1/sql", "{\"sql\": \"CREATE INDEX orders_customer ON orders(customer)\"}", 200);
        api("POST", "/v1/sql", "{\"sql\": \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)"
                + " INSERT INTO orders SELECT i, CASE i % 3 WHEN 0 THEN 'acme' WHEN 1 THEN 'zeta' ELSE 'beta' END, i * 1.5 FROM n\"}", 200);
        api("PUT", "/v1/collections/docs", "{\"dimensions\": 3, \"metric\": \"cosine\"}", 201);
        api("PUT", "/v1/collections/docs/points", "{\"points\": [{\"id\": \"d1\", \"vector\": [1, 0, 0], \"metadata\": {\"lang\": \"en\"}},"
                + " {\"id\": \"d2\", \"vector\": [0.9, 0.1, 0], \"metadata\": {\"lang\": \"de\"}}, {\"id\": \"d3\", \"vector\": [0, 0, 1], \"metadata\": {\"lang\": \"en\"}}]}", 200);
        String berlin = api("POST", "/v1/memories", "{\"text\": \"Alice moved to Berlin in May 2023\", \"user\": \"alice\", \"kind\": \"fact\", \"importance\": 0.8}", 201).get("id").asText();
        api("POST", "/v1/memories/" + berlin + "/supersede", "{\"text\": \"Alice moved to Munich in 2025\"}", 201);
        api("POST", "/v1/memories", "{\"text\": \"Alice prefers answers in German\", \"user\": \"alice\", \"kind\": \"preference\"}", 201);
        seedTextCollection();
        browser = new ConsoleBrowser(work);
    }

    /** A collection of the server's embedder's dimensions, its points embedded by that embedder: searchable by text. */
    static void seedTextCollection() throws IOException, InterruptedException {
        io.lumosdb.memory.Embedder embedder = io.lumosdb.memory.Embedder.byDefault(); // the server's (AgentMemory.open's)
        api("PUT", "/v1/collections/notes", "{\"dimensions\": " + embedder.dimensions() + "}", 201);
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode points = body.putArray("points");
        String[][] notes = {{"n1", "The cat sleeps on the warm sofa"}, {"n2", "Quarterly revenue grew by ten percent"},
            {"n3", "A recipe for tomato soup with basil"}};
        for (String[] n : notes) {
            com.fasterxml.jackson.databind.node.ObjectNode point = points.addObject().put("id", n[0]);
            for (float x : embedder.embed(n[1])) {
                point.withArray("vector").add(x);
            }
            point.putObject("metadata").put("text", n[1]);
        }
        api("PUT", "/v1/collections/notes/points", body.toString(), 200);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void consoleStaysClean() {
        browser.assertNoConsoleErrors("during the test");
    }

    static JsonNode api(String method, String path, String body, int expected) throws IOException, InterruptedException {
        return api(method, path, body, expected, adminKey);
    }

    static JsonNode api(String method, String path, String body, int expected, String key) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, res.statusCode(), () -> method + " " + path + ": " + res.body());
        return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
    }

    @Test
    @Order(1)
    void signIn_wrongKeyIsRefused_adminKeyOpensTheDashboard() throws Exception {
        browser.driver.get(server.url().toString());
        browser.find(By.cssSelector("[data-testid='key-input']"));
        browser.shootBothThemes("1-sign-in");
        browser.type(By.cssSelector("[data-testid='key-input']"), "lumos_0000000000000000_wrong");
        browser.button("Sign in");
        browser.waitForText(By.cssSelector("[role='alert']"), "did not accept this key (401)");
        List<String> refused = browser.consoleErrors();
        assertTrue(refused.stream().allMatch(e -> e.contains("401")), () -> "only the refused key's 401: " + refused);
        browser.type(By.cssSelector("[data-testid='key-input']"), adminKey);
        browser.button("Sign in");
        browser.waitForText(By.cssSelector("[data-testid='role']"), "admin key");
        browser.waitForText(By.cssSelector("[data-testid='replica-state']"), "caught up");
        String tables = api("GET", "/v1/status", null, 200).get("sizes").get("tables").asText();
        browser.waitForText(By.cssSelector("[data-testid='table-count']"), tables);
        browser.until(d -> !browser.testId("applied-rate").getText().equals("…")); // two samples: a rate
        browser.until(d -> !browser.testId("server-throughput").getText().contains("…")); // two scrapes of /metrics
        browser.waitForText(By.cssSelector("[data-testid='server-routes']"), "GET /v1/status"); // the dashboard's own polling
        browser.waitForText(By.cssSelector("[data-testid='server-error-rate']"), "%");
        browser.until(d -> Integer.parseInt(browser.testId("server-rate-chart").getAttribute("data-samples")) >= 2); // a line to draw
        assertEquals("/dashboard", URI.create(browser.driver.getCurrentUrl()).getPath());
        Object stored = browser.driver.executeScript("return sessionStorage.getItem('lumos-console.key')");
        assertEquals(adminKey, stored);
        assertFalse(browser.driver.getCurrentUrl().contains(adminKey));
        browser.shootBothThemes("2-dashboard");
    }

    @Test
    @Order(2)
    void dataBrowser_pagesByCursor_andShowsARow() throws Exception {
        browser.nav("Data");
        browser.button("orders");
        browser.waitForText(By.cssSelector("[data-testid='row-count']"), "250 rows");
        assertTrue(browser.find(By.cssSelector("table[aria-label='Columns']")).getText().contains("customer TEXT NOT NULL"));
        assertTrue(browser.find(By.xpath("//*[contains(text(), 'orders_customer')]")).isDisplayed());
        browser.until(d -> browser.gridRows("Rows of orders").size() == 100);
        assertEquals(List.of("1", "zeta", "1.5"), browser.gridRows("Rows of orders").get(0));
        browser.button("Next page");
        browser.waitForText(By.cssSelector("[data-testid='page-number']"), "page 2");
        browser.until(d -> browser.gridRows("Rows of orders").get(0).get(0).equals("101"));
        browser.button("Next page");
        browser.until(d -> browser.gridRows("Rows of orders").size() == 50); // the last page: 201..250
        assertFalse(browser.find(By.xpath("//button[normalize-space()='Next page']")).isEnabled());
        browser.button("Previous page");
        browser.until(d -> browser.gridRows("Rows of orders").get(0).get(0).equals("101"));
        browser.click(By.cssSelector("table[aria-label='Rows of orders'] tbody tr:nth-child(2)"));
        browser.waitForText(By.cssSelector("[data-testid='row-detail']"), "102");
        browser.button("Close");
        // sorted and filtered over the whole table by the server, then paged by its cursor
        new Select(browser.find(By.cssSelector("select[aria-label='Sort by']"))).selectByVisibleText("amount");
        new Select(browser.find(By.cssSelector("select[aria-label='Sort direction']"))).selectByVisibleText("descending");
        browser.waitForText(By.cssSelector("[data-testid='page-number']"), "page 1");
        browser.until(d -> browser.gridRows("Rows of orders").get(0).get(0).equals("250"));
        new Select(browser.find(By.cssSelector("select[aria-label='Filter column']"))).selectByVisibleText("customer");
        new Select(browser.find(By.cssSelector("select[aria-label='Filter condition']"))).selectByVisibleText("=");
        browser.type(By.cssSelector("input[aria-label='Filter value']"), "acme");
        browser.click(By.cssSelector("[data-testid='add-filter']"));
        browser.waitForText(By.cssSelector("[data-testid='filters']"), "customer = acme");
        browser.until(d -> browser.gridRows("Rows of orders").size() == 83 && browser.gridRows("Rows of orders").get(0).get(0).equals("249"));
        assertTrue(browser.gridRows("Rows of orders").stream().allMatch(r -> r.get(1).equals("acme")));
        assertFalse(browser.find(By.xpath("//button[normalize-space()='Next page']")).isEnabled()); // 83 of them: one page
        new Select(browser.find(By.cssSelector("select[aria-label='Rows per page']"))).selectByVisibleText("25");
        browser.button("Next page");
        browser.until(d -> browser.gridRows("Rows of orders").get(0).get(0).equals("174")); // 249, 246, ...: the 26th
        browser.shootBothThemes("3-data-browser");
    }

    @Test
    @Order(3)
    void workbench_runsSql_withRouteReasonAndTime_chartPlanAndHistory() throws Exception {
        browser.nav("SQL");
        browser.runSql("SELECT customer, sum(amount) AS total FROM orders GROUP BY customer ORDER BY customer");
        browser.until(d -> browser.gridRows("Result").size() == 3);
        assertEquals(List.of("acme", "15687"), browser.gridRows("Result").get(0)); // 1.5 * (3 + 6 + ... + 249)
        String meta = browser.testId("result-meta").getText();
        assertTrue(meta.matches("(?s)(OLTP|OLAP).*ms.*3 rows.*"), meta);
        assertFalse(browser.testId("result-reason").getText().isBlank());
        browser.click(By.xpath("//button[@role='tab'][normalize-space()='Chart']"));
        browser.find(By.cssSelector("[data-testid='result-chart'] canvas"));
        browser.shootBothThemes("4-sql-workbench");
        browser.button("Explain");
        browser.until(d -> !browser.testId("plan").getText().isBlank());
        browser.click(By.xpath("//button[@role='tab'][normalize-space()='History']"));
        browser.waitForText(By.cssSelector("ul[aria-label='History']"), "GROUP BY customer");
    }

    @Test
    @Order(4)
    void queryBuilder_writesTheSqlIntoTheEditor() throws Exception {
        browser.click(By.xpath("//button[@role='tab'][normalize-space()='Query builder']"));
        new Select(browser.find(By.cssSelector("select[aria-label='Builder table']"))).selectByVisibleText("orders");
        browser.click(By.xpath("//label[normalize-space()='customer']/input"));
        browser.button("Add filter");
        new Select(browser.find(By.cssSelector("select[aria-label='Filter column 1']"))).selectByVisibleText("amount");
        new Select(browser.find(By.cssSelector("select[aria-label='Filter operator 1']"))).selectByVisibleText(">");
        browser.type(By.cssSelector("input[aria-label='Filter value 1']"), "300");
        browser.waitForText(By.cssSelector("[data-testid='builder-sql']"), "WHERE \"amount\" > 300");
        browser.button("Write into the editor");
        browser.waitForText(By.cssSelector("[data-testid='sql-editor']"), "GROUP BY \"customer\"");
        browser.click(By.cssSelector("[data-testid='run']"));
        browser.click(By.xpath("//button[@role='tab'][normalize-space()='Grid']"));
        browser.until(d -> browser.gridRows("Result").size() == 3 && browser.find(By.cssSelector("table[aria-label='Result'] thead")).getText().contains("count"));
        long total = browser.gridRows("Result").stream().mapToLong(r -> Long.parseLong(r.get(1))).sum();
        assertEquals(50, total); // amount > 300: ids 201..250
    }

    @Test
    @Order(5)
    void longQuery_isCancelledOnTheServer() throws Exception {
        new Select(browser.find(By.cssSelector("select[aria-label='Timeout']"))).selectByVisibleText("120 s");
        new Select(browser.find(By.cssSelector("select[aria-label='Route']"))).selectByValue("oltp");
        browser.runSql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) SELECT count(*) FROM n");
        browser.until(d -> browser.testId("cancel").isEnabled());
        browser.click(By.cssSelector("[data-testid='cancel']"));
        browser.waitForText(By.cssSelector("[role='alert']"), "Cancelled on the server after");
        assertTrue(browser.testId("run").isEnabled());
        List<String> errors = browser.consoleErrors();
        assertTrue(errors.stream().allMatch(e -> e.contains("409")), () -> "only the cancelled statement's 409: " + errors);
        assertEquals(250, api("POST", "/v1/sql", "{\"sql\": \"SELECT count(*) FROM orders\"}", 200).get("rows").get(0).get(0).asLong());
        new Select(browser.find(By.cssSelector("select[aria-label='Route']"))).selectByValue("auto");
    }

    @Test
    @Order(6)
    void vectors_searchByAPointsId_showsHitsAndThePlan() throws Exception {
        browser.nav("Vectors");
        browser.waitForText(By.cssSelector("[data-testid='collection-name']"), "docs");
        assertTrue(browser.find(By.cssSelector("ul[aria-label='Collections']")).getText().contains("3 points · 3 dims · cosine"));
        browser.type(By.cssSelector("input[aria-label='Point id']"), "d1");
        browser.type(By.cssSelector("input[aria-label='Filter']"), "lang = 'en'");
        browser.button("Search");
        browser.until(d -> browser.testId("hits").findElements(By.cssSelector("tbody tr")).size() == 2);
        List<WebElement> hits = browser.testId("hits").findElements(By.cssSelector("tbody tr"));
        assertTrue(hits.get(0).getText().contains("d1"), hits.get(0).getText());
        assertTrue(hits.get(1).getText().contains("d3"), hits.get(1).getText()); // d2 is 'de': filtered out
        assertTrue(browser.testId("search-plan").getText().matches("(?s)(HNSW|EXACT|GRAPH|SCAN|[A-Z_]+).+"), browser.testId("search-plan").getText());
        browser.click(By.xpath("//ul[@aria-label='Collections']//button[starts-with(normalize-space(), 'notes')]"));
        browser.waitForText(By.cssSelector("[data-testid='collection-name']"), "notes");
        new Select(browser.find(By.cssSelector("select[aria-label='Search by']"))).selectByValue("text");
        browser.type(By.cssSelector("input[aria-label='Search text']"), "how did sales go this quarter");
        browser.type(By.cssSelector("input[aria-label='Filter']"), "");
        browser.button("Search");
        browser.waitForText(By.cssSelector("[data-testid='embedded-by']"), "embedded by");
        browser.until(d -> browser.testId("hits").findElements(By.cssSelector("tbody tr")).size() == 3);
        assertTrue(browser.testId("hits").findElements(By.cssSelector("tbody tr")).get(0).getText().contains("n2"), browser.testId("hits").getText());
        browser.shootBothThemes("5-vector-explorer");
    }

    @Test
    @Order(7)
    void memory_timelineRecallHistoryAndForget() throws Exception {
        browser.nav("Memory");
        browser.waitForText(By.cssSelector("[data-testid='timeline']"), "Alice moved to Munich in 2025");
        browser.type(By.cssSelector("input[aria-label='Recall query']"), "Where does Alice live?");
        browser.type(By.cssSelector("input[aria-label='Recall user']"), "alice");
        browser.button("Recall");
        browser.waitForText(By.cssSelector("[data-testid='recalled']"), "Munich");
        browser.waitForText(By.cssSelector("[data-testid='score-parts']"), "meaning");
        assertTrue(browser.find(By.cssSelector("[data-testid='confidence']")).getText().matches("confidence \\d+(\\.\\d+)? ?%"),
                browser.find(By.cssSelector("[data-testid='confidence']")).getText());
        browser.click(By.xpath("//ol[@aria-label='Timeline']//button[contains(., 'Munich')]"));
        browser.until(d -> browser.testId("memory-history").findElements(By.tagName("li")).size() == 2);
        assertTrue(browser.testId("memory-history").getText().startsWith("Alice moved to Berlin"));
        browser.shootBothThemes("6-memory-explorer");
        browser.click(By.xpath("//ol[@aria-label='Timeline']//button[contains(., 'German')]"));
        browser.waitForText(By.cssSelector("[data-testid='memory-text']"), "German");
        browser.button("Forget");
        browser.find(By.xpath("//*[@role='dialog']//*[contains(., 'is deleted for good')]"));
        browser.click(By.xpath("//*[@role='dialog']//button[normalize-space()='Forget']"));
        browser.until(d -> !browser.testId("timeline").getText().contains("German"));
        JsonNode left = api("GET", "/v1/memories?user=alice", null, 200);
        assertTrue(left.get("memories").findValuesAsText("text").stream().noneMatch(t -> t.contains("German")), left.toString());
    }

    @Test
    @Order(8)
    void admin_createsAKeyShownOnce_revokesOne_downloadsABackup() throws Exception {
        browser.nav("Admin");
        new Select(browser.find(By.cssSelector("select[aria-label='New key role']"))).selectByVisibleText("read");
        browser.type(By.cssSelector("input[aria-label='New key name']"), "e2e-reader");
        browser.button("Create key");
        readKey = browser.testId("new-key").getText();
        assertTrue(readKey.startsWith("lumos_"), readKey);
        browser.waitForText(By.cssSelector("[data-testid='keys']"), "e2e-reader");
        api("GET", "/v1/tables", null, 200, readKey);
        browser.button("Done");

        new Select(browser.find(By.cssSelector("select[aria-label='New key role']"))).selectByVisibleText("write");
        browser.type(By.cssSelector("input[aria-label='New key name']"), "to-revoke");
        browser.button("Create key");
        String doomed = browser.testId("new-key").getText();
        browser.button("Done");
        browser.click(By.cssSelector("button[aria-label='Revoke key to-revoke']"));
        browser.click(By.xpath("//*[@role='dialog']//button[normalize-space()='Revoke']"));
        browser.until(d -> !browser.testId("keys").getText().contains("to-revoke"));
        api("GET", "/v1/tables", null, 401, doomed);

        browser.button("Download backup");
        browser.waitForText(By.cssSelector("[data-testid='backup-status']"), ".sqlite (");
        Path file = browser.until(d -> {
            try (Stream<Path> files = Files.list(browser.downloads)) {
                return files.filter(p -> p.getFileName().toString().matches("lumos-.*\\.sqlite")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        browser.until(d -> {
            try {
                return Files.size(file) > 100 && new String(Files.readAllBytes(file), 0, 15, java.nio.charset.StandardCharsets.US_ASCII).equals("SQLite format 3");
            } catch (IOException e) {
                return false;
            }
        });
        browser.waitForText(By.cssSelector("[data-testid='sync-status']"), "caught up");
        browser.click(By.cssSelector("[data-testid='verify-sync']"));
        browser.waitForText(By.cssSelector("[data-testid='verify-report']"), "orders");
        assertTrue(browser.testId("verify-report").getText().contains("250 250 matched"), browser.testId("verify-report").getText());
        browser.waitForText(By.cssSelector("[data-testid='server-config']"), "statementTimeoutMs");
        assertTrue(browser.testId("server-config").getText().contains("30000"), browser.testId("server-config").getText());
        browser.shootBothThemes("7-admin");
    }

    @Test
    @Order(9)
    void readKey_seesNoAdminNoForget_andCannotWrite() throws Exception {
        browser.button("Sign out");
        assertEquals(null, browser.driver.executeScript("return sessionStorage.getItem('lumos-console.key')"));
        browser.type(By.cssSelector("[data-testid='key-input']"), readKey);
        browser.button("Sign in");
        browser.waitForText(By.cssSelector("[data-testid='role']"), "read key");
        assertTrue(browser.driver.findElements(By.xpath("//nav//a[normalize-space()='Admin']")).isEmpty());
        browser.nav("Dashboard");
        browser.waitForText(By.cssSelector("[data-testid='metrics-refused']"), "metrics and admin roles only");
        browser.nav("SQL");
        browser.runSql("DELETE FROM orders");
        browser.waitForText(By.cssSelector("[role='alert']"), "Forbidden");
        List<String> errors = browser.consoleErrors();
        assertTrue(errors.stream().allMatch(e -> e.contains("403")), () -> "only the refused write's 403: " + errors);
        assertEquals(250, api("POST", "/v1/sql", "{\"sql\": \"SELECT count(*) FROM orders\"}", 200).get("rows").get(0).get(0).asLong());
        browser.nav("Memory");
        browser.click(By.xpath("//ol[@aria-label='Timeline']//button[contains(., 'Munich')]"));
        browser.waitForText(By.cssSelector("[data-testid='memory-text']"), "Munich");
        assertTrue(browser.driver.findElements(By.xpath("//button[normalize-space()='Forget']")).isEmpty());
    }

    @Test
    @Order(10)
    void reload_keepsTheSessionAndThePage_anUnknownPathIsTheConsole() {
        browser.driver.navigate().refresh();
        browser.waitForText(By.cssSelector("[data-testid='role']"), "read key");
        assertEquals("Memory", browser.find(By.cssSelector("nav a[aria-current='page']")).getText());
        browser.driver.get(server.url() + "/sql");
        browser.find(By.cssSelector("[data-testid='sql-editor']"));
    }
}
