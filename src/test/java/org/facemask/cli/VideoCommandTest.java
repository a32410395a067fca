package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.facemask.video.Clips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VideoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void writes_the_annotated_video_the_events_and_the_summary() throws IOException {
        Path clip = Clips.panning(tmp.resolve("pan.mp4"), 30);
        Path video = tmp.resolve("out.mp4");
        Path events = tmp.resolve("events.jsonl");
        Path summary = tmp.resolve("summary.json");
        assertEquals(0, FaceMaskCli.run("video", clip.toString(), "--out", video.toString(), "--events",
                events.toString(), "--json", summary.toString()), console.err());
        JsonNode s = JSON.readTree(summary.toFile());
        assertEquals(30, s.get("frames").asInt());
        assertEquals(30, Clips.countFrames(video));
        int analysed = s.get("frames_analysed").asInt();
        assertTrue(analysed >= 1 && analysed <= 30, s.toString());
        assertTrue(s.get("fps_processing").asDouble() > 0, s.toString());
        JsonNode track = s.get("tracks").get(0);
        for (String key : new String[] {"id", "first_seconds", "last_seconds", "label", "masked_share"}) {
            assertTrue(track.has(key), key + " in " + track);
        }
        int people = 0;
        for (JsonNode n : s.get("people")) {
            people += n.asInt();
        }
        assertEquals(s.get("tracks").size(), people, s.toString());
        String log = Files.readString(events);
        assertTrue(log.contains("\"type\":\"enter\"") && log.contains("\"type\":\"leave\""), log);
        assertTrue(console.out().contains("30 frames"), console.out());
    }

    @Test
    void a_missing_input_is_a_usage_error() {
        int code = FaceMaskCli.run("video", tmp.resolve("nothing.mp4").toString(), "--out",
                tmp.resolve("o.mp4").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        String message = console.err();
        assertTrue(message.startsWith("error: input video not found: "), message);
    }

    @Test
    void a_corrupt_input_is_a_usage_error() throws IOException {
        byte[] noise = new byte[20_000];
        new Random(19).nextBytes(noise);
        Path corrupt = Files.write(tmp.resolve("corrupt.mp4"), noise);
        int code = FaceMaskCli.run("video", corrupt.toString(), "--out", tmp.resolve("o.mp4").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        String message = console.err();
        assertTrue(message.startsWith("error: cannot open video "), message);
    }

    @Test
    void an_http_camera_slower_than_its_stated_rate_keeps_being_analysed() throws Exception {
        // An MJPEG stream as IP cameras serve it, at 4 frames/s; FFmpeg assumes 25 for it. Frames
        // come later and later against 25 frames/s, yet the reader is never behind them.
        byte[] jpeg = Files.readAllBytes(Clips.SCENE);
        HttpServer camera = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        camera.createContext("/stream.mjpg", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=frame");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 30; i++) {
                    out.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(jpeg);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        camera.start();
        try {
            Path summary = tmp.resolve("summary.json");
            String url = "http://127.0.0.1:" + camera.getAddress().getPort() + "/stream.mjpg";
            assertEquals(0, FaceMaskCli.run("video", url, "--out", tmp.resolve("out.mp4").toString(), "--json",
                    summary.toString()), console.err());
            JsonNode s = JSON.readTree(summary.toFile());
            assertEquals(30, s.get("frames").asInt(), s.toString());
            // Before the clock followed the source, only the first frame or two were analysed here;
            // the frames FFmpeg buffers while it probes the stream are carried in any case.
            assertTrue(s.get("frames_analysed").asInt() >= 6, s.toString());
        } finally {
            camera.stop(0);
        }
    }

    @Test
    void a_stream_that_opens_but_gives_no_frame_is_an_error() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/empty.mjpg", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=frame");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/empty.mjpg";
            int code = FaceMaskCli.run("video", url, "--out", tmp.resolve("out.mp4").toString());
            assertTrue(code != 0, "exit " + code);
            assertTrue(console.err().startsWith("error: "), console.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void has_help() {
        assertEquals(0, FaceMaskCli.run("video", "--help"));
        assertTrue(console.out().contains("Usage: facemask video"));
        assertTrue(!console.err().contains("WARN"), console.err());
    }
}
