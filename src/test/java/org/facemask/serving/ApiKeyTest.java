package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {

    @TempDir
    Path tmp;

    @Test
    void prediction_needs_the_configured_key_but_health_does_not() throws Exception {
        try (ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optApiKey("s3cret").build())) {
            byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
            for (String key : new String[] {null, "wrong", "s3cret"}) {
                HttpRequest.Builder request = TestHttp.multipart(TestHttp.uri(server, "/predict"),
                        TestHttp.part("file", "f.jpg", face));
                if (key != null) {
                    request.header("X-API-Key", key);
                }
                assertEquals("s3cret".equals(key) ? 200 : 401, TestHttp.send(request.build()).statusCode(),
                        "key " + key);
            }
            assertEquals(200, TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/health/ready")).build())
                    .statusCode());
        }
    }

    @Test
    void feedback_and_retained_images_need_the_key_too() throws Exception {
        try (ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optApiKey("s3cret")
                .optPredictionLogUrl(PredictionLogWriter.sqliteUrl(tmp.resolve("var")))
                .optRetainImagesDir(tmp.resolve("retained")).build())) {
            HttpRequest.Builder post = HttpRequest.newBuilder(TestHttp.uri(server, "/v1/feedback"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\": \"none\", \"label\": \"mask\"}"));
            assertEquals(401, TestHttp.send(post.build()).statusCode());
            assertEquals(404, TestHttp.send(post.header("X-API-Key", "s3cret").build()).statusCode(),
                    "with the key: the request id is unknown");
            for (String path : new String[] {"/v1/feedback", "/v1/review", "/v1/images/none"}) {
                assertEquals(401, TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, path)).build())
                        .statusCode(), path);
            }
        }
    }
}
