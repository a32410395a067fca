package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service with its default SQLite prediction log: what is answered is logged, and counted in /v1/stats. */
class PredictionLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ServerApp server;
    private static PredictionLogReader reader;
    private static byte[] face;
    private static byte[] png;

    @BeforeAll
    static void startServer() throws Exception {
        String url = PredictionLogWriter.sqliteUrl(dir);
        server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optHost("127.0.0.1")
                .optPort(0).optBackend(Backend.ONNX).optPredictionLogUrl(url).build());
        // A second handle on the same file, as the drift command and operators read it.
        reader = PredictionLogReader.openReadOnly(url);
        face = Files.readAllBytes(Fixtures.FACES.resolve("without_mask/without_mask_00.jpg"));
        png = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_07.png"));
    }

    @AfterAll
    static void stop() {
        server.close();
        reader.close();
    }

    @Test
    void an_answered_prediction_is_already_in_the_log_with_its_image_features() throws Exception {
        HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/v1/predict"),
                part("file", "face.png", png)).header("X-Request-Id", "logged-1").build());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        List<PredictionRecord> logged = reader.byRequest("logged-1");
        assertEquals(1, logged.size(), "the answer came before the commit");
        PredictionRecord r = logged.get(0);
        assertEquals("/v1/predict", r.endpoint());
        assertEquals(body.get("label").asText(), r.label());
        assertEquals(body.get("confidence").asDouble(), r.confidence(), 1e-6);
        assertEquals(body.get("image").get("width").asInt(), r.image().width());
        assertEquals("png", r.image().format());
        assertEquals(png.length, r.image().bytes());
        assertTrue(r.image().brightness() > 0 && r.image().brightness() < 1, "brightness " + r.image().brightness());
        assertTrue(r.image().sharpness() > 0, "sharpness " + r.image().sharpness());
        assertTrue(r.latencyMillis() > 0);
    }

    @Test
    void a_cut_short_image_is_refused_as_corrupt_counted_and_never_logged() throws Exception {
        byte[] cut = Arrays.copyOf(face, face.length / 2);
        HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/predict"),
                part("file", "cut.jpg", cut)).header("X-Request-Id", "cut-1").build());
        assertEquals(422, response.statusCode(), response.body());
        assertEquals("corrupt_image", JSON.readTree(response.body()).get("error").asText());
        assertEquals(List.of(), reader.byRequest("cut-1"), "a refused image must not count as a prediction");
        String metrics = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/metrics")).build()).body();
        assertTrue(metrics.contains("facemask_errors_total{code=\"corrupt_image\"}"), "not counted");
    }

    @Test
    void a_batch_logs_each_good_file_and_no_failed_one() throws Exception {
        HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/v1/predict/batch"),
                part("file", "a.jpg", face), part("file", "bad.txt", "no image".getBytes(StandardCharsets.UTF_8)),
                part("file", "c.png", png)).header("X-Request-Id", "logged-batch").build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("jpeg", "png"),
                reader.byRequest("logged-batch").stream().map(r -> r.image().format()).sorted().toList());
    }

    @Test
    void the_original_endpoint_is_logged_too() throws Exception {
        HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/predict"),
                part("file", "face.jpg", face)).header("X-Request-Id", "logged-original").build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("/predict", reader.byRequest("logged-original").get(0).endpoint());
    }

    @Test
    void a_cut_jpeg_is_refused_as_corrupt_counted_as_an_error_and_never_logged() throws Exception {
        // The case: a photo cut to its first 3,000 bytes, which decoders fill with grey.
        byte[] photo = Files.readAllBytes(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"));
        long logged = reader.count();
        HttpResponse<String> response = TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/predict"),
                part("file", "cut.jpg", Arrays.copyOf(photo, 3_000))).header("X-Request-Id", "cut-1").build());
        assertEquals("corrupt_image", error(response, 422));
        assertEquals(List.of(), reader.byRequest("cut-1"));
        assertEquals(logged, reader.count(), "a refused upload is no prediction");
        Pattern counted = Pattern.compile("facemask_errors_total\\{[^}]*code=\"corrupt_image\"");
        assertTrue(counted.matcher(get("/metrics").body()).find(), "corrupt uploads are counted as errors");
    }

    @Test
    void stats_count_the_logged_predictions_per_class_with_shares() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/predict"), part("file", "f.jpg", face)).build());
        }
        HttpResponse<String> response = get("/v1/stats?bucket=minute&from=" + (System.currentTimeMillis() - 3_600_000));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("minute", body.get("bucket").asText());
        assertTrue(body.get("total").asLong() >= 3, response.body());
        assertEquals(reader.count(), body.get("total").asLong(), "every logged prediction is in the last hour");
        for (JsonNode bucket : body.get("buckets")) {
            double shares = 0;
            long counts = 0;
            for (JsonNode share : bucket.get("shares")) {
                shares += share.asDouble();
            }
            for (JsonNode count : bucket.get("counts")) {
                counts += count.asLong();
            }
            assertEquals(1.0, shares, 1e-9);
            assertEquals(bucket.get("total").asLong(), counts);
            double confidence = bucket.get("mean_confidence").asDouble();
            assertTrue(confidence >= 0.5 && confidence <= 1, "mean confidence " + confidence);
        }
    }

    @Test
    void stats_refuse_bad_parameters_with_400() throws Exception {
        assertEquals("bad_bucket", error(get("/v1/stats?bucket=fortnight"), 400));
        assertEquals("bad_time", error(get("/v1/stats?from=yesterday"), 400));
        assertEquals("bad_range", error(get("/v1/stats?from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z"), 400));
        assertEquals("too_many_buckets", error(get("/v1/stats?bucket=minute&from=0"), 400));
    }

    private static String error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("error").asText();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, path)).GET().build());
    }
}
