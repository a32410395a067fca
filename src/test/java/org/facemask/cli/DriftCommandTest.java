package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.ImageShifts;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;
import org.facemask.monitoring.ImageFeatures;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;
import org.facemask.monitoring.ReferenceProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile} then {@code drift} on a real SQLite log: the exit status is what a scheduler alerts on. */
class DriftCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path model;

    @BeforeEach
    void profiledModel() throws IOException {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        model = dir.resolve("model");
        Fixtures.copyTree(Fixtures.tinyModel(), model);
        Files.deleteIfExists(model.resolve(ReferenceProfile.FILE));
        assertEquals(0, FaceMaskCli.run("profile", "--model", model.toString(), "--data", Fixtures.FACES.toString()));
        assertTrue(Files.exists(model.resolve(ReferenceProfile.FILE)));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void a_blurry_window_exits_with_the_drift_status_and_writes_the_reports() throws Exception {
        String db = logOf(ImageShifts::blur);
        Path html = dir.resolve("drift.html");
        Path json = dir.resolve("drift.json");
        int code = FaceMaskCli.run("drift", "--db", db, "--model", model.toString(), "--from", NOW.minusSeconds(3600)
                .toString(), "--to", NOW.plusSeconds(3600).toString(), "--out", html.toString(), "--json",
                json.toString());
        assertEquals(DriftCommand.EXIT_DRIFT, code, out.toString(StandardCharsets.UTF_8) + err);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertTrue(result.get("drifted").asBoolean());
        assertTrue(result.get("summary").asText().contains("sharpness"), result.get("summary").asText());
        String page = Files.readString(html);
        assertTrue(page.contains("sharpness") && page.contains("data:image/png;base64,"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("DRIFT"));
    }

    @Test
    void an_unchanged_window_exits_0() throws Exception {
        String db = logOf(null);
        int code = FaceMaskCli.run("drift", "--db", db, "--model", model.toString(), "--from",
                String.valueOf(NOW.minusSeconds(3600).toEpochMilli()), "--to", NOW.plusSeconds(3600).toString(),
                "--out", dir.resolve("same.html").toString());
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8) + err);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("No drift"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_model_without_a_profile_needs_a_reference_dataset() throws Exception {
        Files.delete(model.resolve(ReferenceProfile.FILE));
        String db = logOf(null);
        String[] args = {"drift", "--db", db, "--model", model.toString(), "--from", NOW.minusSeconds(3600).toString(),
            "--to", NOW.plusSeconds(3600).toString(), "--out", dir.resolve("r.html").toString()};
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run(args));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("facemask profile"),
                err.toString(StandardCharsets.UTF_8));
        String[] withDataset = Stream.concat(Stream.of(args), Stream.of("--reference", Fixtures.FACES.toString()))
                .toArray(String[]::new);
        assertEquals(0, FaceMaskCli.run(withDataset), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_missing_log_is_a_usage_error_and_is_not_created() {
        Path file = dir.resolve("var/predictions.db");
        int code = FaceMaskCli.run("drift", "--db", "jdbc:sqlite:" + file, "--model", model.toString(),
                "--out", dir.resolve("none.html").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no prediction log at jdbc:sqlite:" + file),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(file), "drift created the log it reads");
    }

    /**
     * Logs every fixture face as the service would have, one second apart before NOW: the
     * uploaded files themselves, or, with a change, the changed image as a JPEG.
     */
    private String logOf(UnaryOperator<BufferedImage> change) throws Exception {
        String url = PredictionLogWriter.sqliteUrl(dir.resolve("var-" + System.nanoTime()));
        ImageDecoder decoder = new ImageDecoder();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Fixtures.FACES)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (MaskClassifier classifier = MaskClassifier.load(model, Backend.ONNX);
             PredictionLogWriter log = PredictionLogWriter.open(url)) {
            for (int i = 0; i < files.size(); i++) {
                byte[] bytes = Files.readAllBytes(files.get(i));
                if (change != null) {
                    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
                    ImageIO.write(change.apply(decoder.decode(files.get(i)).rgb()), "jpeg", jpeg);
                    bytes = jpeg.toByteArray();
                }
                DecodedImage image = decoder.decode(bytes, classifier.preprocessor().decodeShortSide());
                Prediction p = classifier.predict(image.rgb());
                log.append(new PredictionRecord(NOW.minusSeconds(i), "drift-" + i, "/predict", "tiny", "v1",
                        p.label(), p.confidence(), p.probabilities(), 10, ImageFeatures.of(image, bytes.length)))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        return url;
    }
}
