package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.Prerequisites;
import org.facemask.TestJpegs;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.facemask.video.Clips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web pages work in a real headless Chromium: pick a fixture, read the label it shows, then
 * find that prediction counted on the class-share page.
 */
class WebPageTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    @Test
    void uploading_a_face_shows_the_label_and_the_stats_page_counts_it() throws Exception {
        Prerequisites.assumePresent(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        try (ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX)
                .optPredictionLogUrl(PredictionLogWriter.sqliteUrl(tmp.resolve("var")))
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1,
                        FaceDetector.DEFAULT_THRESHOLD)).build())) {
            WebDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                Path face = Fixtures.FACES.resolve("with_mask/with_mask_00.jpg").toAbsolutePath();
                browser.findElement(By.id("file")).sendKeys(face.toString());
                String label = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!label.matches("(mask|no_mask) \\(\\d+\\.\\d %\\)") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    label = browser.findElement(By.id("label")).getText();
                }
                assertTrue(label.matches("(mask|no_mask) \\(\\d+\\.\\d %\\)"), "label shown: '" + label + "'");
                assertTrue(browser.findElements(By.cssSelector("#bars .bar")).size() == 2, "two probability bars");
                assertTrue(browser.findElement(By.id("meta")).getText().contains("model"), "model version shown");

                browser.get("http://127.0.0.1:" + server.port() + "/stats.html");
                String summary = "";
                deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!summary.startsWith("1 prediction:") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    summary = browser.findElement(By.id("summary")).getText();
                }
                String predicted = label.substring(0, label.indexOf(' '));
                assertTrue(summary.matches("1 prediction: " + predicted + " 100\\.0 %"),
                        "summary shown: '" + summary + "'");
                assertEquals(1, browser.findElements(By.cssSelector("#rows tr")).size(), "one bucket row");

                // A scene: one labelled box per face over the preview, and the summary.
                browser.get("http://127.0.0.1:" + server.port() + "/");
                Path scene = Fixtures.SCENES.resolve("images/maksssksksss0.jpg").toAbsolutePath();
                browser.findElement(By.id("file")).sendKeys(scene.toString());
                String faces = "";
                deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!faces.startsWith("3 faces:") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    faces = browser.findElement(By.id("summary")).getText();
                }
                assertTrue(faces.matches("3 faces: \\d masked, \\d unmasked \\(compliance \\d+ % of 3\\)"),
                        "summary shown: '" + faces + "'");
                List<WebElement> boxes = browser.findElements(By.cssSelector("#frame .face"));
                assertEquals(3, boxes.size(), "one box per face");
                for (WebElement box : boxes) {
                    assertTrue(box.getSize().getWidth() > 5 && box.getText().matches("(mask|no_mask) \\d+%"),
                            "box " + box.getSize() + " '" + box.getText() + "'");
                }

                // The same scene as a phone stores it (on its side, EXIF orientation 6): the browser
                // shows it upright, and the boxes must land where they did on the upright photo.
                List<Rectangle> uprightBoxes = rectangles(boxes);
                Path phone = tmp.resolve("phone.jpg");
                Files.write(phone, TestJpegs.withOrientation(TestJpegs.jpeg(TestJpegs.stored(
                        ImageIO.read(scene.toFile()), 6)), 6));
                browser.get("http://127.0.0.1:" + server.port() + "/");
                browser.findElement(By.id("file")).sendKeys(phone.toString());
                deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (browser.findElements(By.cssSelector("#frame .face")).size() < uprightBoxes.size()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                WebElement preview = browser.findElement(By.id("preview"));
                assertTrue(preview.getSize().getWidth() > preview.getSize().getHeight(),
                        "the browser shows the photo upright: " + preview.getSize());
                List<Rectangle> phoneBoxes = rectangles(browser.findElements(By.cssSelector("#frame .face")));
                assertEquals(uprightBoxes.size(), phoneBoxes.size(), "boxes on the phone photo");
                for (int i = 0; i < uprightBoxes.size(); i++) {
                    Rectangle a = uprightBoxes.get(i);
                    Rectangle b = phoneBoxes.get(i);
                    assertTrue(Math.abs(a.getX() - b.getX()) <= 8 && Math.abs(a.getY() - b.getY()) <= 8
                            && Math.abs(a.getWidth() - b.getWidth()) <= 8, "box " + b + " where " + a + " was");
                }
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void webcam_mode_draws_tracked_labelled_boxes_over_the_camera() throws Exception {
        Prerequisites.assumePresent(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        try (ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX)
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1,
                        FaceDetector.DEFAULT_THRESHOLD)).build())) {
            // Chromium's fake camera plays this clip in a loop: the scene photo at 640 x 480.
            BufferedImage photo = ImageIO.read(Clips.SCENE.toFile());
            Path clip = FakeCamera.y4m(tmp.resolve("camera.y4m"), photo, 640, 480, 5);
            WebDriver browser = browser("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--use-file-for-fake-video-capture=" + clip);
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                browser.findElement(By.id("webcam")).click();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (frames(browser) < 30 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(frames(browser) >= 30, "frames answered: " + browser.findElement(By.id("live-status"))
                        .getText());
                // One snapshot of the boxes: the page redraws them on every answer.
                @SuppressWarnings("unchecked") // executeScript returns JSON arrays as lists of maps
                List<Map<String, Object>> boxes = (List<Map<String, Object>>) ((JavascriptExecutor) browser)
                        .executeScript("return [...document.querySelectorAll('#live .face')].map(b => ({text:"
                                + " b.textContent, x: b.offsetLeft, y: b.offsetTop, shown: b.parentElement"
                                + ".querySelector('video').clientWidth / 640}))");
                assertTrue(boxes.size() >= 3, "a box per face of the scene: " + boxes);
                for (Map<String, Object> box : boxes) {
                    assertTrue(box.get("text").toString().matches("#\\d+ (mask|no_mask) \\d+%"), "box " + box);
                }
                // The boxes sit on the faces: the leftmost face of the scene at (79, 105) in the
                // photo, which the clip shows 640 px wide, the page at the video's width.
                Map<String, Object> first = boxes.stream()
                        .min(Comparator.comparingDouble(b -> ((Number) b.get("x")).doubleValue())).orElseThrow();
                double shown = ((Number) first.get("shown")).doubleValue();
                double photoScale = 640.0 / photo.getWidth();
                double x = 79 * photoScale * shown;
                double y = (105 * photoScale + FakeCamera.top(photo, 640, 480)) * shown;
                assertTrue(Math.abs(((Number) first.get("x")).doubleValue() - x) < 15
                        && Math.abs(((Number) first.get("y")).doubleValue() - y) < 15,
                        "leftmost box " + first + ", expected at " + x + ", " + y);
                System.out.println("webcam mode: " + browser.findElement(By.id("live-status")).getText());
                browser.findElement(By.id("webcam")).click();
                assertTrue(browser.findElements(By.cssSelector("#live .face")).isEmpty(), "boxes gone once stopped");
            } finally {
                browser.quit();
            }
        }
    }

    private static int frames(WebDriver browser) {
        String frames = browser.findElement(By.id("live-status")).getDomAttribute("data-frames");
        return frames == null ? 0 : Integer.parseInt(frames);
    }

    /** A headless Chromium with the given extra switches. */
    private WebDriver browser(String... switches) throws java.io.IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // No sandbox as root; no background networking: this machine has no internet.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        options.addArguments(switches);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The boxes' rectangles on the page, left to right. */
    private static List<Rectangle> rectangles(List<WebElement> boxes) {
        return boxes.stream().map(WebElement::getRect).sorted(Comparator.comparingInt(Rectangle::getX)).toList();
    }
}
