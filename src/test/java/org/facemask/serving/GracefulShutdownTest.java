package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.facemask.serving.http.ServerApp;
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

        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(predict,
                HttpResponse.BodyHandlers.ofString());
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

    @Test
    @SuppressWarnings("StringConcatToTextBlock") // an HTTP request: its CRLF line ends read better as escapes
    void a_client_that_never_finishes_its_upload_cannot_hold_the_stop_past_the_shutdown_timeout() throws Exception {
        ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optShutdownTimeoutMillis(1000).build());
        int port = server.port();
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // Headers promise 100 kB of multipart body; a few bytes come, then nothing.
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 100000\r\n\r\n"
                    + "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.jpg\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            long start = System.nanoTime();
            server.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            // Without the budget: 15 s of draining, then up to 15 s more of Jetty's stop.
            assertTrue(seconds < 8, "stop took " + seconds + " s with a 1 s shutdown timeout");
        }
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "a stopped server must not accept connections");
    }
}
