package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stopping_lets_the_prediction_in_flight_finish_then_refuses_connections() throws Exception {
        // A long batch wait keeps the first request in flight while the server is told to stop.
        ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optBatchWaitMillis(1500).build());
        int port = server.port();
        byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        HttpClient http = TestHttp.CLIENT;
        HttpRequest predict = TestHttp.multipart(TestHttp.uri(server, "/predict"),
                TestHttp.part("file", "f.jpg", face)).build();

        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(predict, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        Thread.sleep(200);
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode(), "readiness must fail while draining");

        assertEquals(200, inFlight.get().statusCode(), inFlight.get().body());
        stopping.get();
        assertThrows(IOException.class, () -> http.send(predict, HttpResponse.BodyHandlers.ofString()),
                "a stopped server must not accept connections");
    }
}
