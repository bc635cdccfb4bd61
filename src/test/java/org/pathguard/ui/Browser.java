package org.pathguard.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathguard.access.SecondFactor;
import org.springframework.util.FileSystemUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven through its chromedriver, on a fresh profile: a person at a lab
 * PC. Every page it opens can be photographed, checked with axe-core for WCAG 2.2 AA, and checked
 * for console errors (a Content-Security-Policy violation is one).
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path AXE = Path.of("src", "test", "node", "node_modules", "axe-core", "axe.min.js");

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1000;
    private static final long TOTP_STEP_SECONDS = 30;

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;
    /** The authenticator's step each person last signed in with. */
    private final Map<String, Long> stepsUsed = new HashMap<>();

    Browser(int port) {
        try {
            profile = Files.createTempDirectory("pathguard-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        // After a click that loads a page, look for what the new page shows for a while before failing.
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        base = "http://localhost:" + port;
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Clicks what loads a new page (a form's submit button, a link), and returns when the new page is there: a read
     * straight after the click could otherwise find the page before, or its copy of an element just as the load replaces it.
     */
    void submitWith(String css) {
        JavascriptExecutor page = (JavascriptExecutor) driver;
        page.executeScript("window.pathguardPageBefore = true");
        find(css).click();
        // The page before is gone when its mark is. Asked mid-load, Chrome may answer for neither page (a node "not in
        // the document", a context destroyed), so such an answer means "not yet", as staleness checks could not say.
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
                page.executeScript("return window.pathguardPageBefore === undefined && document.readyState === 'complete'")));
    }

    void waitForText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** Password, then a code from the authenticator (the next step's, since each step signs in once). */
    void signIn(String username, String password, String totpSecret) {
        open("/sign-in");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        find("main form button[type=submit]").click();
        waitFor("#code").sendKeys(nextCode(username, totpSecret));
        find("main form button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !path().startsWith("/sign-in"));
    }

    /**
     * The code of the authenticator's next step, or, when this person has already signed in with that step (twice in
     * one test), of the step after it, once the clock lets the lab take it: each step signs in once.
     */
    private String nextCode(String username, String totpSecret) {
        long step = Instant.now().plusSeconds(TOTP_STEP_SECONDS).getEpochSecond() / TOTP_STEP_SECONDS;
        Long last = stepsUsed.get(username);
        if (last != null && step <= last) {
            step = last + 1;
            // The lab takes the code of the step after the current one: wait for the current one to be 'last'.
            long wait = Instant.ofEpochSecond(last * TOTP_STEP_SECONDS).toEpochMilli() - System.currentTimeMillis();
            try {
                Thread.sleep(Math.max(0, wait) + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stepsUsed.put(username, step);
        return SecondFactor.code(SecondFactor.fromBase32(totpSecret), Instant.ofEpochSecond(step * TOTP_STEP_SECONDS));
    }

    void signOut() {
        find(".nhsuk-header__account-button").click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> path().startsWith("/sign-in"));
    }

    /** Saves the whole page as it looks now: target/screenshots/NAME.png, kept as a test artifact. */
    void screenshot(String name) {
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.clamp(height, HEIGHT, 3 * HEIGHT)));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        }
    }

    /** axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is; the violations, described. */
    List<String> accessibilityViolations() {
        try {
            ((JavascriptExecutor) driver).executeScript(Files.readString(AXE));
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is missing: run npm ci --prefix src/test/node", e);
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                  .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) result;
        return violations;
    }

    /**
     * Errors the pages logged since the last look, such as a blocked inline script or style; not the
     * line Chromium logs for every 4xx answer, which the tests provoke on purpose.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.matches("(?s).*Failed to load resource: the server responded with a status of 4\\d\\d.*"))
                .toList();
    }

    /** Photographs the screen and proves it meets WCAG 2.2 AA (as far as axe can tell) and logged no error. */
    void check(String screenshotName) {
        screenshot(screenshotName);
        assertThat(accessibilityViolations()).as("WCAG 2.2 AA violations on " + path()).isEmpty();
        assertThat(consoleErrors()).as("console errors on " + path()).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
        try {
            FileSystemUtils.deleteRecursively(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
