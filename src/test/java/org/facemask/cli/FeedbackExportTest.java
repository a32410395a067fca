package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.detection.PeopleCount;
import org.facemask.image.ImageDecoder;
import org.facemask.monitoring.Feedback;
import org.facemask.monitoring.ImageFeatures;
import org.facemask.monitoring.LoggedFace;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;
import org.facemask.monitoring.RetainedImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code facemask feedback export}: labelled retained uploads become class folders, the same on every run. */
class FeedbackExportTest {

    private static final Instant TIME = Instant.parse("2026-11-30T12:00:00Z");
    private static final LoggedFace FACE = new LoggedFace(40.4, 30.6, 90.2, 100.9, "mask", 0.55);

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    private Path db;
    private Path images;
    private byte[] face;
    private byte[] scene;

    @BeforeEach
    void logAndKeep() throws Exception {
        Path var = tmp.resolve("var");
        images = tmp.resolve("retained");
        face = Files.readAllBytes(Fixtures.FACES.resolve("without_mask/without_mask_00.jpg"));
        scene = Files.readAllBytes(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"));
        RetainedImages retained = new RetainedImages(images);
        retained.store("whole-1", face);
        retained.store("scene-1", scene);
        try (PredictionLogWriter log = PredictionLogWriter.open(PredictionLogWriter.sqliteUrl(var))) {
            log.append(record("whole-1", "/predict", null)).get(10, TimeUnit.SECONDS);
            log.append(record("scene-1", "/v1/predict", List.of(FACE))).get(10, TimeUnit.SECONDS);
            log.append(record("gone-1", "/predict", null)).get(10, TimeUnit.SECONDS);
            log.putFeedback(new Feedback("whole-1", null, "mask", TIME));
            log.putFeedback(new Feedback("scene-1", 0, "no_mask", TIME.plusSeconds(1)));
            log.putFeedback(new Feedback("gone-1", null, "no_mask", TIME.plusSeconds(2)));
        }
        db = var.resolve("predictions.db");
    }

    @Test
    void whole_images_are_exported_as_uploaded_with_a_manifest_the_same_on_every_run() throws Exception {
        Path dest = tmp.resolve("dataset");
        assertEquals(0, export(dest), console.err());
        assertArrayEquals(face, Files.readAllBytes(dest.resolve("mask/whole-1.jpg")));
        assertEquals(List.of("file,label,request_id,face,time", "mask/whole-1.jpg,mask,whole-1,," + TIME),
                Files.readAllLines(dest.resolve("manifest.csv")));
        assertTrue(console.out().contains("exported 1 files {mask=1}; skipped 2"), console.out());
        Map<String, byte[]> first = tree(dest);

        assertEquals(0, export(dest), console.err());
        assertEquals(first.keySet(), tree(dest).keySet(), "a second run changes nothing");

        // A label changed since: the file moves to its new class and the old one goes.
        try (PredictionLogWriter log = PredictionLogWriter.open("jdbc:sqlite:" + db)) {
            log.putFeedback(new Feedback("whole-1", null, "mask_incorrect", TIME.plusSeconds(5)));
        }
        Files.writeString(dest.resolve("mask/mine.txt"), "not the export's");
        assertEquals(0, export(dest), console.err());
        assertFalse(Files.exists(dest.resolve("mask/whole-1.jpg")));
        assertArrayEquals(face, Files.readAllBytes(dest.resolve("mask_incorrect/whole-1.jpg")));
        assertTrue(Files.exists(dest.resolve("mask/mine.txt")), "files the export never wrote stay");
    }

    @Test
    void faces_are_cut_out_with_the_logged_box_as_the_service_cuts_them() throws Exception {
        Path dest = tmp.resolve("faces");
        assertEquals(0, export(dest, "--faces"), console.err());
        BufferedImage crop = ImageIO.read(dest.resolve("no_mask/scene-1_face0.png").toFile());
        // floor(x1) .. ceil(x2) with no margin: 40..91 and 30..101.
        assertEquals(51, crop.getWidth());
        assertEquals(71, crop.getHeight());
        BufferedImage upright = new ImageDecoder().decode(scene).rgb();
        for (int[] p : new int[][] {{0, 0}, {25, 35}, {50, 70}}) {
            assertEquals(upright.getRGB(40 + p[0], 30 + p[1]), crop.getRGB(p[0], p[1]), "pixel " + p[0] + "," + p[1]);
        }
        assertEquals(List.of("file,label,request_id,face,time",
                "no_mask/scene-1_face0.png,no_mask,scene-1,0," + TIME.plusSeconds(1)),
                Files.readAllLines(dest.resolve("manifest.csv")));
    }

    @Test
    void a_missing_log_or_folder_is_a_clear_usage_error() {
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("feedback", "export", "--db",
                tmp.resolve("none.db").toString(), "--images", images.toString(), "--dest",
                tmp.resolve("d").toString()));
        assertTrue(console.err().contains("no prediction log"), console.err());
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("feedback", "export", "--db", db.toString(),
                "--images", tmp.resolve("nowhere").toString(), "--dest", tmp.resolve("d").toString()));
        assertTrue(console.err().contains("--images"), console.err());
    }

    private int export(Path dest, String... more) {
        List<String> args = new ArrayList<>(List.of("feedback", "export", "--db", db.toString(),
                "--images", images.toString(), "--dest", dest.toString()));
        args.addAll(List.of(more));
        return FaceMaskCli.run(args.toArray(String[]::new));
    }

    private static Map<String, byte[]> tree(Path root) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static PredictionRecord record(String requestId, String endpoint, List<LoggedFace> faces) {
        return new PredictionRecord(TIME, requestId, endpoint, "tiny", "v1", "mask", 0.6,
                Map.of("mask", 0.6f, "no_mask", 0.4f), 10, new ImageFeatures(100, 100, "jpeg", 1000, 0.5, 0.2, 0.3, 9),
                faces == null ? null : new PeopleCount(faces.size(), 1, 0, 0), faces);
    }
}
