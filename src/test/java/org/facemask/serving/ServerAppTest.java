package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.TestJpegs;
import org.facemask.image.ImageDecoder;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server on a free port, called over HTTP as clients do. */
class ServerAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_UPLOAD = 1024 * 1024;

    private static ServerApp server;
    private static byte[] face;
    private static byte[] png;

    @BeforeAll
    static void startServer() throws IOException {
        server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optHost("127.0.0.1")
                .optPort(0).optBackend(Backend.ONNX).optMaxUploadBytes(MAX_UPLOAD).optMaxPixels(20_000_000)
                .build());
        face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        png = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_07.png"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void stats_without_a_prediction_log_answer_409() throws Exception {
        HttpResponse<String> response = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/v1/stats")).GET()
                .build());
        assertEquals(409, response.statusCode(), response.body());
        assertEquals("prediction_log_disabled", JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void predict_keeps_the_original_two_key_contract() throws Exception {
        HttpResponse<String> response = post("/predict", part("file", "face.jpg", face));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(List.of("mask", "no_mask"), fieldNames(body));
        assertEquals(1.0, body.get("mask").asDouble() + body.get("no_mask").asDouble(), 1e-5);
    }

    @Test
    void v1_predict_describes_label_model_image_and_timings() throws Exception {
        HttpResponse<String> response = post("/v1/predict", part("file", "face.png", png));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.get("label").asText().matches("mask|no_mask"));
        assertEquals(body.get("probabilities").get(body.get("label").asText()).asDouble(),
                body.get("confidence").asDouble(), 1e-6);
        assertEquals("png", body.get("image").get("format").asText());
        assertTrue(body.get("image").get("width").asInt() > 0);
        JsonNode timings = body.get("timings_ms");
        double stages = 0;
        for (String stage : List.of("decode", "detection", "queue", "inference", "log")) {
            assertTrue(timings.get(stage).asDouble() >= 0, stage + " in " + timings);
            stages += timings.get(stage).asDouble();
        }
        assertTrue(timings.get("inference").asDouble() > 0, "the model took no time: " + timings);
        assertTrue(stages <= timings.get("total").asDouble() + 0.05, "stages over the total: " + timings);
        String serverTiming = response.headers().firstValue("Server-Timing").orElseThrow();
        assertTrue(serverTiming.matches("upload;dur=[0-9.]+, decode;dur=[0-9.]+, detection;dur=[0-9.]+,"
                + " queue;dur=[0-9.]+, inference;dur=[0-9.]+, log;dur=[0-9.]+"), serverTiming);
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), body.get("request_id").asText());
        assertTrue(body.get("model").has("version"));
        assertFalse(body.get("model").get("flip_average").asBoolean());
    }

    @Test
    void with_flip_averaging_v1_predict_answers_the_mean_over_the_mirror_and_says_so() throws Exception {
        // The bundled model: the tiny one is all but certain of every fixture, mirrored or not.
        Path model = Path.of("models/facemask-resnet18");
        byte[] jpeg = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_15.jpg"));
        try (ServerApp flipping = ServerApp.start(ServerConfig.builder().setModelDir(model).optHost("127.0.0.1")
                .optPort(0).optFlipAveraging(true).build());
             MaskClassifier classifier = MaskClassifier.load(model, Backend.ONNX)) {
            HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(flipping, "/v1/predict"),
                    part("file", "face.jpg", jpeg)).build());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertTrue(body.get("model").get("flip_average").asBoolean());
            BufferedImage decoded = new ImageDecoder().decode(jpeg, classifier.preprocessor().decodeShortSide()).rgb();
            Prediction plain = classifier.predict(decoded);
            Prediction averaged = classifier.withFlipAveraging(true).predict(decoded);
            assertNotEquals(plain.probabilities().get("mask"), averaged.probabilities().get("mask"), 1e-4f);
            assertEquals(averaged.probabilities().get("mask"), body.get("probabilities").get("mask").asDouble(), 1e-5);
        }
    }

    @Test
    void batch_answers_every_file_in_order_and_a_bad_file_fails_alone() throws Exception {
        HttpResponse<String> response = post("/v1/predict/batch", part("file", "a.jpg", face),
                part("file", "b.txt", "not an image".getBytes(StandardCharsets.UTF_8)), part("file", "c.png", png));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertEquals(3, results.size());
        assertEquals("a.jpg", results.get(0).get("file").asText());
        assertTrue(results.get(0).has("label"));
        assertEquals("unsupported_media_type", results.get(1).get("error").asText());
        assertTrue(results.get(2).has("label"));
    }

    @Test
    void health_and_metrics_answer() throws Exception {
        assertEquals(200, get("/health/live").statusCode());
        assertEquals(200, get("/health/ready").statusCode());
        post("/predict", part("file", "face.jpg", face));
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("facemask_predictions_total"), "no prediction counter");
        assertTrue(metrics.body().contains("facemask_http_requests_seconds_bucket"), "no latency histogram");
        assertTrue(get("/").body().contains("<title>face-mask</title>"));
        assertTrue(get("/openapi.json").body().contains("\"/v1/predict/batch\""));
    }

    @Test
    void hostile_uploads_get_clear_json_errors_with_the_right_status() throws Exception {
        byte[] truncated = Arrays.copyOf(png, png.length / 3);
        assertError(post("/predict", part("image", "face.jpg", face)), 400, "missing_file");
        assertError(post("/predict", part("file", "empty.jpg", new byte[0])), 400, "empty_file");
        assertError(post("/predict", part("file", "x.jpg", "hello".getBytes(StandardCharsets.UTF_8))), 415,
                "unsupported_media_type");
        assertError(post("/predict", part("file", "t.png", truncated)), 422, "corrupt_image");
        assertError(post("/predict", part("file", "bomb.png", org.facemask.image.ImageDecoderTestAccess.bomb())), 413,
                "image_too_large");
        assertError(post("/predict", part("file", "big.jpg", new byte[(int) (3 * MAX_UPLOAD)])), 413,
                "payload_too_large");
        HttpResponse<String> json = TestHttp.send(HttpRequest.newBuilder(uri("/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"file\": \"abc\"}")).build());
        assertError(json, 415, "unsupported_media_type");
        assertError(get("/nowhere"), 404, "not_found");
    }

    @Test
    void randomly_corrupted_images_never_cause_a_server_error() throws Exception {
        Random random = new Random(1234);
        // A phone-style JPEG too (EXIF orientation 6), its flips aimed at the header and Exif
        // segment, where a random flip anywhere in the file would rarely land.
        byte[] phone = TestJpegs.withOrientation(TestJpegs.jpeg(TestJpegs.stored(ImageIO.read(
                new ByteArrayInputStream(face)), 6)), 6);
        byte[][] originals = {face, png, phone};
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            byte[] bytes = originals[i % 3].clone();
            int span = originals[i % 3] == phone ? 200 : bytes.length;
            int flips = 1 + random.nextInt(20);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(span)] = (byte) random.nextInt(256);
            }
            if (i % 5 == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            statuses.add(post("/v1/predict", part("file", "fuzz.bin", bytes)).statusCode());
        }
        assertTrue(statuses.stream().allMatch(s -> s < 500), "5xx among " + statuses);
        assertEquals(200, post("/predict", part("file", "face.jpg", face)).statusCode(), "service stopped answering");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(code, body.get("error").asText(), response.body());
        assertTrue(body.get("message").asText().length() > 5);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static URI uri(String path) {
        return TestHttp.uri(server, path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private static HttpResponse<String> post(String path, TestHttp.Part... parts) throws Exception {
        return TestHttp.send(TestHttp.multipart(uri(path), parts).build());
    }
}
