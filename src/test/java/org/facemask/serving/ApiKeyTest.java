package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

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
}
