package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.TestJpegs;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service with face detection on: a scene's faces in /v1/predict and /v1/annotate, /predict unchanged. */
class FaceServingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCENES = Fixtures.SCENES;

    private static ServerApp server;
    private static VocCrops.Annotation truth;
    private static byte[] scene;

    @BeforeAll
    static void start() throws Exception {
        server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optHost("127.0.0.1")
                .optPort(0).optBackend(Backend.ONNX)
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD)).build());
        truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        scene = Files.readAllBytes(SCENES.resolve("images/" + truth.imageFile()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void v1_predict_lists_every_face_of_a_scene_with_a_summary() throws Exception {
        JsonNode body = JSON.readTree(ok(post("/v1/predict", scene)).body());
        JsonNode faces = body.get("faces");
        assertEveryAnnotatedFaceFound(body);
        int withLandmarks = 0;
        for (JsonNode f : faces) {
            assertEquals(f.get("probabilities").get(f.get("label").asText()).asDouble(),
                    f.get("confidence").asDouble(), 1e-6);
            assertTrue(f.get("detector_score").asDouble() >= FaceDetector.DEFAULT_THRESHOLD);
            // Five [x, y] points in the upload's pixels, within the face's box, where YuNet found the face.
            JsonNode points = f.get("landmarks");
            if (points == null) {
                continue;
            }
            withLandmarks++;
            assertEquals(5, points.size(), f.toString());
            DetectedFace around = box(f).expand(0.1, 10_000, 10_000);
            for (JsonNode point : points) {
                assertTrue(point.get(0).asDouble() >= around.x1() && point.get(0).asDouble() <= around.x2()
                        && point.get(1).asDouble() >= around.y1() && point.get(1).asDouble() <= around.y2(),
                        point + " outside " + f);
            }
        }
        assertEquals(2, withLandmarks, "YuNet finds the two unmasked faces: " + faces);
        JsonNode summary = body.get("summary");
        assertEquals("faces", summary.get("basis").asText());
        assertEquals(faces.size(), summary.get("faces").asInt());
        int masked = 0;
        for (JsonNode f : faces) {
            masked += f.get("label").asText().equals("mask") ? 1 : 0;
        }
        assertEquals(masked, summary.get("masked").asInt());
        assertEquals(faces.size(), masked + summary.get("unmasked").asInt() + summary.get("incorrect").asInt());
        assertEquals(masked / (double) faces.size(), summary.get("compliance").asDouble(), 1e-3);
    }

    @Test
    void a_photo_stored_on_its_side_is_answered_upright() throws Exception {
        // As a phone stores a portrait photo: pixels turned a quarter, EXIF orientation 6.
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(scene));
        byte[] phone = TestJpegs.withOrientation(TestJpegs.jpeg(TestJpegs.stored(upright, 6)), 6);
        JsonNode body = JSON.readTree(ok(post("/v1/predict", phone)).body());
        assertEquals(upright.getWidth(), body.get("image").get("width").asInt(), body.toString());
        assertEquals(upright.getHeight(), body.get("image").get("height").asInt(), body.toString());
        // The boxes land where the browser shows the faces: on the annotated, upright ones.
        assertEveryAnnotatedFaceFound(body);
    }

    /** Checks that the answer has one box per annotated face, each face overlapped by one (IoU ≥ 0.5). */
    private static void assertEveryAnnotatedFaceFound(JsonNode body) {
        JsonNode faces = body.get("faces");
        assertEquals(truth.faces().size(), faces.size(), body.toString());
        for (VocCrops.FaceBox face : truth.faces()) {
            DetectedFace annotated = new DetectedFace(face.xmin(), face.ymin(), face.xmax(), face.ymax(), 1, 0);
            boolean found = false;
            for (JsonNode f : faces) {
                found |= box(f).iou(annotated) >= 0.5;
            }
            assertTrue(found, face + " not among " + faces);
        }
    }

    @Test
    void an_empty_frame_is_classified_whole_and_counts_nobody() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB), "png", png);
        JsonNode body = JSON.readTree(ok(post("/v1/predict", png.toByteArray())).body());
        assertEquals(0, body.get("faces").size());
        assertTrue(body.get("probabilities").has(body.get("label").asText()), "the whole image is classified");
        JsonNode summary = body.get("summary");
        assertEquals("whole_image", summary.get("basis").asText());
        assertEquals(0, summary.get("masked").asInt() + summary.get("unmasked").asInt()
                + summary.get("incorrect").asInt(), "an empty frame is nobody: " + summary);
        assertTrue(summary.get("compliance").isNull(), summary.toString());
        HttpResponse<String> annotated = ok(post("/v1/annotate", png.toByteArray()));
        assertEquals("0", annotated.headers().firstValue("X-Faces").orElseThrow());
        assertTrue(annotated.headers().firstValue("X-Compliance").isEmpty(), "no compliance without people");
        // Operators see face-less uploads as their own series (a camera that stopped seeing people).
        String metrics = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/metrics")).GET()
                .build()).body();
        Matcher none = Pattern.compile(
                "facemask_face_searches_total\\{outcome=\"none\"[^}]*} ([0-9.]+)").matcher(metrics);
        assertTrue(none.find() && Double.parseDouble(none.group(1)) >= 2, "face-less uploads not counted");
    }

    @Test
    void degenerate_images_are_answered_not_failed() throws Exception {
        for (int[] size : new int[][] {{1, 1}, {4000, 3}, {3, 2000}}) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB), "png", png);
            JsonNode body = JSON.readTree(ok(post("/v1/predict", png.toByteArray())).body());
            assertEquals(size[0], body.get("image").get("width").asInt());
            assertTrue(body.has("summary"), body.toString());
        }
    }

    @Test
    void predict_keeps_two_whole_image_probabilities_for_a_scene() throws Exception {
        JsonNode body = JSON.readTree(ok(post("/predict", scene)).body());
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("mask", "no_mask"), keys);
    }

    @Test
    void annotate_returns_the_scene_with_a_box_in_the_colour_of_each_face_label() throws Exception {
        HttpResponse<byte[]> response = TestHttp.CLIENT.send(
                TestHttp.multipart(TestHttp.uri(server, "/v1/annotate"), part("file", "scene.png", scene)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertNotNull(annotated, "not a decodable image");
        BufferedImage original = ImageIO.read(SCENES.resolve("images/" + truth.imageFile()).toFile());
        assertEquals(original.getWidth(), annotated.getWidth());
        assertEquals(original.getHeight(), annotated.getHeight());
        JsonNode faces = JSON.readTree(ok(post("/v1/predict", scene)).body()).get("faces");
        assertEquals(String.valueOf(faces.size()), response.headers().firstValue("X-Faces").orElseThrow());
        for (JsonNode f : faces) {
            // The middle of the box's left edge carries the label's colour (JPEG blurs it: the
            // nearest of the palette's colours).
            DetectedFace b = box(f);
            Color drawn = new Color(annotated.getRGB((int) b.x1() + 1, (int) ((b.y1() + b.y2()) / 2)));
            Map<String, Color> palette = Map.of("mask", new Color(0x1b9e3e), "no_mask", new Color(0xd62728),
                    "mask_incorrect", new Color(0xff9f1c));
            String nearest = palette.keySet().stream()
                    .min(Comparator.comparingDouble(label -> distance(drawn, palette.get(label)))).orElseThrow();
            assertEquals(f.get("label").asText(), nearest, f + ": drawn " + drawn);
            // A dot in the same colour on each landmark, where YuNet found the face: nearer the
            // label's colour than the photo was there.
            Color label = palette.get(f.get("label").asText());
            for (JsonNode point : f.has("landmarks") ? f.get("landmarks") : JSON.createArrayNode()) {
                int x = (int) Math.round(point.get(0).asDouble());
                int y = (int) Math.round(point.get(1).asDouble());
                Color dot = new Color(annotated.getRGB(x, y));
                Color photo = new Color(original.getRGB(x, y));
                assertTrue(distance(dot, label) + 30 < distance(photo, label), point + ": " + dot + " vs " + photo);
            }
        }
    }

    @Test
    void stats_report_compliance_over_the_people_counted(@TempDir Path tmp) throws Exception {
        try (ServerApp logged = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX)
                .optPredictionLogUrl(PredictionLogWriter.sqliteUrl(tmp))
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD)).build())) {
            JsonNode summary = JSON.readTree(ok(TestHttp.send(TestHttp.multipart(TestHttp.uri(logged, "/v1/predict"),
                    part("file", "scene.jpg", scene)).build())).body()).get("summary");
            // /predict runs no detection: counted as a prediction, not as people.
            ok(TestHttp.send(TestHttp.multipart(TestHttp.uri(logged, "/predict"), part("file", "scene.jpg", scene))
                    .build()));
            JsonNode bucket = JSON.readTree(ok(TestHttp.send(HttpRequest.newBuilder(
                    TestHttp.uri(logged, "/v1/stats?bucket=day")).GET().build())).body()).get("buckets").get(0);
            assertEquals(2, bucket.get("total").asInt());
            assertEquals(summary.get("faces").asInt(), bucket.get("people").asInt());
            assertEquals(summary.get("compliance").asDouble(), bucket.get("compliance").asDouble(), 1e-3);
        }
    }

    @Test
    void annotate_refuses_what_is_not_an_image() throws Exception {
        HttpResponse<String> response = post("/v1/annotate", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, response.statusCode(), response.body());
        assertEquals("unsupported_media_type", JSON.readTree(response.body()).get("error").asText());
    }

    private static DetectedFace box(JsonNode face) {
        JsonNode b = face.get("box");
        return new DetectedFace(b.get("x1").asDouble(), b.get("y1").asDouble(), b.get("x2").asDouble(),
                b.get("y2").asDouble(), 1, 0);
    }

    private static double distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static HttpResponse<String> post(String path, byte[] file) throws Exception {
        return TestHttp.send(TestHttp.multipart(TestHttp.uri(server, path), part("file", "upload", file)).build());
    }
}
