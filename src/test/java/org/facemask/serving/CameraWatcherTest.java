package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemask.Fixtures;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.facemask.video.Clips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --camera}: a clip given as the camera is watched (again and again, as a stream
 * that keeps ending), its people reach the prediction log and /v1/stats; an unreachable camera is
 * retried without holding anything up.
 */
class CameraWatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void a_camera_clip_logs_its_people_and_an_unreachable_camera_is_retried() throws Exception {
        Path clip = Clips.panning(tmp.resolve("door.mp4"), 40);
        ServerApp server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel())
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX)
                .optPredictionLogUrl(PredictionLogWriter.sqliteUrl(tmp.resolve("var")))
                .optCameras(List.of("door=" + clip, "rtsp://127.0.0.1:9/nothing"))
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD)).build());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            JsonNode stats = stats(server);
            while (people(stats) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                stats = stats(server);
            }
            // The clip's three faces leave when it ends: one row each, a person each.
            assertTrue(people(stats) >= 3, "people logged from the camera: " + stats);
            assertTrue(stats.get("total").asLong() == people(stats), "one row per person, not per frame: " + stats);
            String metrics = get(server, "/metrics");
            assertTrue(count(metrics, "facemask_stream_frames_total\\{outcome=\"analysed\",stream=\"door\"}") > 0,
                    "analysed frames counted");
            while (count(get(server, "/metrics"), "facemask_stream_reconnects_total\\{stream=\"camera2\"}") < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(count(get(server, "/metrics"), "facemask_stream_reconnects_total\\{stream=\"camera2\"}") >= 2,
                    "the unreachable camera is retried");
        } finally {
            long start = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "the cameras do not hold up the stop");
        }
    }

    private static long people(JsonNode stats) {
        long people = 0;
        for (JsonNode bucket : stats.get("buckets")) {
            people += bucket.get("people").asLong();
        }
        return people;
    }

    private static JsonNode stats(ServerApp server) throws Exception {
        return JSON.readTree(get(server, "/v1/stats?bucket=minute"));
    }

    private static String get(ServerApp server, String path) throws Exception {
        return TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double count(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
