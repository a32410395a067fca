package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
    void has_help() {
        assertEquals(0, FaceMaskCli.run("video", "--help"));
        assertTrue(console.out().contains("Usage: facemask video"));
        assertTrue(!console.err().contains("WARN"), console.err());
    }
}
