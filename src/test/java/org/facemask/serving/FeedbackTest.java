package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemask.Fixtures;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback on logged predictions, the retained uploads and the review list, on the real service. */
class FeedbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ServerApp server;
    private static Path retained;
    private static byte[] face;
    private static byte[] scene;

    @BeforeAll
    static void startServer() throws Exception {
        retained = dir.resolve("retained");
        server = ServerApp.start(config(dir.resolve("var")).optRetainImagesDir(retained).build());
        face = Files.readAllBytes(Fixtures.FACES.resolve("without_mask/without_mask_00.jpg"));
        scene = Files.readAllBytes(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerConfig.Builder config(Path var) throws IOException {
        return ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optHost("127.0.0.1").optPort(0)
                .optBackend(Backend.ONNX).optPredictionLogUrl(PredictionLogWriter.sqliteUrl(var))
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD));
    }

    @Test
    void feedback_on_a_face_is_stored_and_a_repeat_replaces_it() throws Exception {
        int faces = predict(server, "/v1/predict", "scene-1", scene).get("faces").size();
        assertTrue(faces >= 1, "the scene fixture shows faces");
        HttpResponse<String> first = feedback("{\"request_id\": \"scene-1\", \"face\": 0, \"label\": \"no_mask\"}");
        assertEquals(201, first.statusCode(), first.body());
        JsonNode stored = JSON.readTree(first.body());
        assertEquals("scene-1", stored.get("request_id").asText());
        assertEquals(0, stored.get("face").asInt());
        assertEquals("no_mask", stored.get("label").asText());
        assertTrue(stored.get("time").asText().endsWith("Z"), stored.toString());
        assertEquals(201, feedback("{\"request_id\": \"scene-1\", \"face\": 0, \"label\": \"mask\"}").statusCode());
        assertEquals(201, feedback("{\"request_id\": \"scene-1\", \"label\": \"mask_incorrect\"}").statusCode());

        List<String> given = new ArrayList<>();
        for (JsonNode f : JSON.readTree(get("/v1/feedback").body()).get("feedback")) {
            if (f.get("request_id").asText().equals("scene-1")) {
                given.add(f.path("face").asText("whole") + "=" + f.get("label").asText());
            }
        }
        assertEquals(List.of("0=mask", "whole=mask_incorrect"), given, "a repeat replaces the earlier label");
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("facemask_feedback_total{class=\"mask\"}"), "labels counted by class");
        assertTrue(metrics.contains("facemask_feedback_total{class=\"no_mask\"}"), "labels counted by class");
    }

    @Test
    void bad_feedback_gets_400_and_an_unknown_request_404() throws Exception {
        int faces = predict(server, "/v1/predict", "scene-2", scene).get("faces").size();
        predict(server, "/predict", "whole-2", face);
        assertEquals("unknown_request", error(feedback("{\"request_id\": \"nobody\", \"label\": \"mask\"}"), 404));
        assertEquals("bad_label", error(feedback("{\"request_id\": \"scene-2\", \"label\": \"hat\"}"), 400));
        assertEquals("bad_label", error(feedback("{\"request_id\": \"scene-2\"}"), 400));
        assertEquals("bad_json", error(feedback("{\"request_id\": "), 400));
        assertEquals("bad_json", error(feedback("[1, 2]"), 400));
        assertEquals("bad_feedback", error(feedback("{\"label\": \"mask\"}"), 400));
        assertEquals("bad_face", error(feedback("{\"request_id\": \"scene-2\", \"face\": " + faces
                + ", \"label\": \"mask\"}"), 400));
        assertEquals("bad_face", error(feedback("{\"request_id\": \"scene-2\", \"face\": -1, \"label\": \"mask\"}"),
                400));
        assertEquals("bad_face", error(feedback("{\"request_id\": \"scene-2\", \"face\": 0.5, \"label\": \"mask\"}"),
                400));
        assertEquals("bad_face", error(feedback("{\"request_id\": \"whole-2\", \"face\": 0, \"label\": \"mask\"}"),
                400), "/predict finds no faces");
        assertEquals("bad_time", error(get("/v1/feedback?from=yesterday"), 400));
        assertEquals("bad_range", error(get("/v1/feedback?from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z"), 400));
    }

    @Test
    void the_retained_upload_is_the_original_bytes_served_by_request_id() throws Exception {
        predict(server, "/predict", "kept-1", face);
        assertArrayEquals(face, Files.readAllBytes(retained.resolve("kept-1.upload")));
        HttpResponse<byte[]> image = TestHttp.CLIENT.send(HttpRequest.newBuilder(TestHttp.uri(server,
                "/v1/images/kept-1")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(face, image.body());
        assertEquals("image_not_found", error(get("/v1/images/never-seen"), 404));
    }

    @Test
    void review_lists_the_least_confident_unlabelled_predictions_first() throws Exception {
        predict(server, "/v1/predict", "review-scene", scene);
        predict(server, "/predict", "review-face", face);
        assertEquals(201, feedback("{\"request_id\": \"review-face\", \"label\": \"no_mask\"}").statusCode());
        JsonNode items = JSON.readTree(get("/v1/review?limit=100").body()).get("items");
        double previous = 0;
        boolean sceneListed = false;
        for (JsonNode item : items) {
            assertTrue(item.get("confidence").asDouble() >= previous, "ordered by confidence: " + items);
            previous = item.get("confidence").asDouble();
            assertFalse(item.get("request_id").asText().equals("review-face"), "a labelled prediction is done");
            if (item.get("request_id").asText().equals("review-scene")) {
                sceneListed = true;
                assertEquals("/v1/images/review-scene", item.get("image_url").asText());
                assertTrue(item.get("box").get("x2").asInt() > item.get("box").get("x1").asInt(), item.toString());
            }
        }
        assertTrue(sceneListed, "the scene's faces wait for labels: " + items);
        assertEquals(1, JSON.readTree(get("/v1/review?limit=1").body()).get("items").size());
        assertEquals("bad_limit", error(get("/v1/review?limit=0"), 400));
        assertEquals("bad_limit", error(get("/v1/review?limit=many"), 400));
    }

    @Test
    void without_retention_nothing_is_kept_and_the_answer_is_the_same() throws Exception {
        Path var = dir.resolve("var-off");
        try (ServerApp plain = ServerApp.start(config(var).build())) {
            JsonNode off = predict(plain, "/v1/predict", "off-1", face);
            JsonNode on = predict(server, "/v1/predict", "on-1", face);
            for (String field : List.of("label", "confidence", "probabilities", "faces", "summary")) {
                assertEquals(on.get(field), off.get(field), field);
            }
            try (var files = Files.list(var)) {
                assertTrue(files.allMatch(f -> f.getFileName().toString().startsWith("predictions.db")),
                        "only the log is written");
            }
            HttpResponse<String> review = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(plain, "/v1/review"))
                    .build());
            assertEquals("image_retention_disabled", error(review, 409));
            HttpResponse<String> image = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(plain,
                    "/v1/images/off-1")).build());
            assertEquals("image_retention_disabled", error(image, 409));
        }
    }

    private static JsonNode predict(ServerApp target, String path, String requestId, byte[] image) throws Exception {
        HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(target, path),
                part("file", "upload.jpg", image)).header("X-Request-Id", requestId).build());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> feedback(String body) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/v1/feedback"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, path)).GET().build());
    }

    private static String error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("error").asText();
    }
}
