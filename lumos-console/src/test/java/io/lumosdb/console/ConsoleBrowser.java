package io.lumosdb.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver};
 * nothing is downloaded), with a fresh profile, the flags this machine's closed network needs, and the checks every
 * page gets: waits on conditions (never sleeps), screenshots in both themes, axe-core, the browser's console.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(90); // generous: a loaded 2-core machine
    static final String CHROMIUM = System.getProperty("lumos.console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("lumos.console.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    final WebDriverWait wait;
    final Path downloads;
    private final Path profile;
    private final Path screenshots;

    ConsoleBrowser(Path work) throws IOException {
        profile = Files.createDirectories(work.resolve("chromium-profile"));
        downloads = Files.createDirectories(work.resolve("downloads"));
        screenshots = Files.createDirectories(Path.of(System.getProperty("lumos.console.screenshots", "target/screenshots")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        wait = new WebDriverWait(driver, WAIT);
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement testId(String id) {
        return find(By.cssSelector("[data-testid='" + id + "']"));
    }

    void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void button(String text) {
        click(By.xpath("//button[normalize-space()='" + text + "']"));
    }

    void nav(String title) {
        click(By.xpath("//nav//a[normalize-space()='" + title + "']"));
        wait.until(d -> title.equals(d.findElement(By.cssSelector("nav a[aria-current='page']")).getText()));
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Types into a field after clearing it. */
    void type(By by, String text) {
        WebElement e = find(by);
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        e.sendKeys(text);
    }

    /** Replaces the SQL editor's text as a person would (select all, type), then runs it with Ctrl+Enter. */
    void runSql(String sql) {
        WebElement editor = find(By.cssSelector("[data-testid='sql-editor'] .cm-content"));
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(sql);
        wait.until(d -> editor.getText().replace("\n", " ").contains(sql.substring(0, Math.min(20, sql.length()))));
        editor.sendKeys(Keys.ESCAPE); // close a completion list, if one opened
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    }

    List<List<String>> gridRows(String tableLabel) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement tr : find(By.cssSelector("table[aria-label='" + tableLabel + "']")).findElements(By.cssSelector("tbody tr"))) {
            rows.add(tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        }
        return rows;
    }

    /**
     * A screenshot of the page as it is and another in the other theme (back again after), each checked by
     * axe-core: no serious or critical violation in either theme.
     */
    void shootBothThemes(String page) throws IOException {
        for (int i = 0; i < 2; i++) {
            boolean dark = Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.classList.contains('dark')"));
            Path file = screenshots.resolve(page + "-" + (dark ? "dark" : "light") + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            assertAccessible(page + " (" + (dark ? "dark" : "light") + ")");
            WebElement toggle = driver.findElement(By.xpath("//button[contains(., 'Dark') or contains(., 'Light')]"));
            toggle.click();
            boolean expected = !dark;
            wait.until(d -> expected == Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                    "return document.documentElement.classList.contains('dark')")));
        }
    }

    /** axe-core (from the npm project's node_modules) on the current page: no serious or critical violations. */
    @SuppressWarnings("unchecked")
    void assertAccessible(String what) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined'"))) {
            js.executeScript(Files.readString(Path.of(System.getProperty("lumos.console.axe", "node_modules/axe-core/axe.min.js")),
                    StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.filter("
                        + "v => v.impact === 'serious' || v.impact === 'critical').map(v => ({id: v.id, impact: v.impact,"
                        + " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}))), e => done([{id: 'axe failed', help: String(e)}]));");
        assertEquals(List.of(), violations, "accessibility of " + what);
    }

    /** The browser console's errors since the last call (reading clears them). */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    void assertNoConsoleErrors(String when) {
        List<String> errors = consoleErrors();
        assertTrue(errors.isEmpty(), () -> "console errors " + when + ": " + errors);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
