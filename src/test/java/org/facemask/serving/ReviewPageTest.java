package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.facemask.Fixtures;
import org.facemask.Prerequisites;
import org.facemask.model.Backend;
import org.facemask.monitoring.Feedback;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/** The review page in a real headless Chromium: a key press and a click each store a label. */
class ReviewPageTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    @Test
    void a_key_and_a_click_label_the_least_confident_predictions() throws Exception {
        Prerequisites.assumePresent(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        String url = PredictionLogWriter.sqliteUrl(tmp.resolve("var"));
        try (ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optPredictionLogUrl(url)
                .optRetainImagesDir(tmp.resolve("retained")).build())) {
            for (String name : List.of("with_mask/with_mask_00.jpg", "without_mask/without_mask_00.jpg")) {
                HttpResponse<String> answer = TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/v1/predict"),
                        part("file", "face.jpg", Files.readAllBytes(Fixtures.FACES.resolve(name))))
                        .header("X-Request-Id", "review-" + name.substring(0, name.indexOf('/'))).build());
                assertEquals(200, answer.statusCode(), answer.body());
            }
            WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build(), options());
            try (PredictionLogReader log = PredictionLogReader.openReadOnly(url)) {
                browser.get("http://127.0.0.1:" + server.port() + "/review.html");
                await(() -> text(browser, "status").equals("1 of 2")
                        && browser.findElement(By.id("photo")).getSize().getWidth() > 10, browser);
                String first = requestIdShown(browser);

                new Actions(browser).sendKeys("2").perform();
                await(() -> text(browser, "status").equals("1 of 1"), browser);
                assertEquals("saved: " + first + " is no_mask", text(browser, "saved"));
                String second = requestIdShown(browser);
                browser.findElement(By.cssSelector("#labels button[data-label=mask_incorrect]")).click();
                await(() -> text(browser, "status").startsWith("nothing to review"), browser);

                List<Feedback> stored = log.feedback(Instant.EPOCH, Instant.now().plusSeconds(1), 10);
                assertEquals(List.of(first + "=no_mask", second + "=mask_incorrect"),
                        stored.stream().map(f -> f.requestId() + "=" + f.label()).toList());
                assertTrue(stored.stream().allMatch(f -> f.face() == null), "whole images: no detector runs");
            } finally {
                browser.quit();
            }
        }
    }

    private ChromeOptions options() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // No sandbox as root; no background networking: this machine has no internet.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        return options;
    }

    /** The request id of the item on screen, from the image it fetched. */
    private static String requestIdShown(WebDriver browser) {
        String prediction = text(browser, "prediction");
        assertTrue(prediction.startsWith("predicted "), prediction);
        Object id = ((JavascriptExecutor) browser).executeScript(
                "return items[current].request_id;");
        return String.valueOf(id);
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void await(BooleanSupplier condition, WebDriver browser) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "page shows: " + browser.findElement(By.tagName("body"))
                    .getText());
            Thread.sleep(100);
        }
    }
}
