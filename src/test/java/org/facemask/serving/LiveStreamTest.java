package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.facemask.Fixtures;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.serving.http.ServerApp;
import org.facemask.video.Clips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/stream}: frames in over a WebSocket, tracked faces and events out, bad frames answered, limits kept. */
class LiveStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_FRAME_BYTES = 400_000;

    private static ServerApp server;
    private static byte[] scene;

    @BeforeAll
    static void start() throws Exception {
        server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optHost("127.0.0.1")
                .optPort(0).optBackend(Backend.ONNX).optMaxUploadBytes(MAX_FRAME_BYTES)
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD)).build());
        scene = Files.readAllBytes(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void frames_are_answered_with_tracked_labelled_faces_and_enter_events() throws Exception {
        try (Client client = Client.connect()) {
            client.text("{\"fps\": 5}");
            List<JsonNode> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                client.binary(scene);
                answers.add(client.next());
            }
            for (int i = 0; i < answers.size(); i++) {
                JsonNode a = answers.get(i);
                assertEquals("frame", a.get("type").asText(), a.toString());
                assertEquals(i, a.get("frame").asInt(), "frames numbered in order: " + a);
                assertTrue(a.get("analysed").asBoolean(), "one frame at a time is never dropped: " + a);
                assertEquals(512, a.get("width").asInt());
            }
            JsonNode last = answers.get(answers.size() - 1);
            // The three annotated faces each have their track (the video detectors' lower scores
            // may add a doubtful fourth).
            for (DetectedFace face : Clips.FACES) {
                boolean tracked = false;
                for (JsonNode t : last.get("tracks")) {
                    JsonNode b = t.get("box");
                    tracked |= face.iou(new DetectedFace(b.get("x1").asDouble(), b.get("y1").asDouble(),
                            b.get("x2").asDouble(), b.get("y2").asDouble(), 1, Double.NaN)) > 0.4;
                }
                assertTrue(tracked, face + " tracked: " + last);
            }
            for (JsonNode t : last.get("tracks")) {
                assertTrue(t.get("id").asInt() >= 1 && t.get("visible").asBoolean(), t.toString());
                String label = t.get("label").asText();
                assertTrue(label.equals("mask") || label.equals("no_mask"), t.toString());
                double sum = 0;
                for (JsonNode p : t.get("probabilities")) {
                    sum += p.asDouble();
                }
                assertEquals(1, sum, 1e-3, "smoothed probabilities: " + t);
                assertTrue(t.get("box").get("x2").asDouble() > t.get("box").get("x1").asDouble(), t.toString());
            }
            long enters = answers.stream().flatMap(a -> List.of(a.get("events")).stream())
                    .mapToLong(e -> countType(e, "enter")).sum();
            assertEquals(last.get("tracks").size(), enters, "one enter event per face: " + answers);
            // Event times follow the frame rate the client gave: 5 frames/s.
            for (JsonNode a : answers) {
                for (JsonNode e : a.get("events")) {
                    assertEquals(a.get("frame").asInt() / 5.0, e.get("time").asDouble(), 1e-9, e.toString());
                }
            }
        }
    }

    @Test
    void bad_frames_get_error_messages_and_the_stream_goes_on() throws Exception {
        try (Client client = Client.connect()) {
            client.binary("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode notImage = client.next();
            assertEquals("error", notImage.get("type").asText(), notImage.toString());
            assertEquals("unsupported_media_type", notImage.get("error").asText(), notImage.toString());

            byte[] huge = new byte[(int) MAX_FRAME_BYTES + 1000];
            new Random(1).nextBytes(huge);
            client.binary(huge);
            JsonNode tooLarge = client.next();
            assertEquals("image_too_large", tooLarge.get("error").asText(), tooLarge.toString());

            client.text("{\"fps\": -3}");
            assertEquals("bad_settings", client.next().get("error").asText());

            client.binary(scene);
            JsonNode ok = client.next();
            assertEquals("frame", ok.get("type").asText(), ok.toString());
            assertEquals(0, ok.get("frame").asInt(), "rejected frames are not counted: " + ok);
        }
    }

    @Test
    void a_client_sending_too_fast_has_frames_dropped_not_queued_and_every_frame_answered() throws Exception {
        try (Client client = Client.connect()) {
            int sent = 30;
            for (int i = 0; i < sent; i++) {
                client.binary(scene);
            }
            int analysed = 0;
            int dropped = 0;
            for (int i = 0; i < sent; i++) {
                JsonNode a = client.next();
                assertEquals("frame", a.get("type").asText(), a.toString());
                assertEquals(i, a.get("frame").asInt(), "answers in frame order");
                if (a.get("analysed").asBoolean()) {
                    analysed++;
                } else {
                    dropped++;
                }
            }
            assertEquals(sent, analysed + dropped);
            assertTrue(dropped > 0, "a burst of " + sent + " frames has some dropped, got " + analysed + " analysed");
            String metrics = TestHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("facemask_stream_frames_total{outcome=\"dropped\",stream=\"websocket\"}"),
                    "dropped frames counted");
        }
    }

    @Test
    void a_stream_beyond_the_limit_is_refused_and_its_place_comes_back_on_close() throws Exception {
        try (ServerApp one = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optMaxStreams(1)
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD)).build())) {
            try (Client first = Client.connect(one)) {
                first.binary(scene);
                assertEquals("frame", first.next().get("type").asText());
                try (Client second = Client.connect(one)) {
                    second.binary(scene);
                    JsonNode refused = second.next();
                    assertEquals("overloaded", refused.get("error").asText(), refused.toString());
                    assertEquals(1013, second.closeCode.get(10, TimeUnit.SECONDS), "closed: try again later");
                }
            }
            // The first stream's place is free again once the server saw it close.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (Client again = Client.connect(one)) {
                    again.binary(scene);
                    JsonNode answer = again.next();
                    if (answer.get("type").asText().equals("frame") || System.nanoTime() > deadline) {
                        assertEquals("frame", answer.get("type").asText(), answer.toString());
                        break;
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    private static long countType(JsonNode events, String type) {
        long n = 0;
        for (JsonNode e : events) {
            if (e.get("type").asText().equals(type)) {
                n++;
            }
        }
        return n;
    }

    /** A WebSocket client that queues the text messages it receives. */
    private static final class Client implements WebSocket.Listener, AutoCloseable {

        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private WebSocket socket;

        static Client connect() throws Exception {
            return connect(server);
        }

        static Client connect(ServerApp to) throws Exception {
            Client client = new Client();
            client.socket = TestHttp.CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + to.port() + "/v1/stream"), client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        void text(String message) throws Exception {
            socket.sendText(message, true).get(10, TimeUnit.SECONDS);
        }

        void binary(byte[] frame) throws Exception {
            socket.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
        }

        JsonNode next() throws Exception {
            String message = messages.poll(30, TimeUnit.SECONDS);
            assertTrue(message != null, "an answer within 30 s");
            return JSON.readTree(message);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                        .exceptionally(e -> socket).join();
            }
        }
    }
}
