package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemask.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EvaluateVideoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    /** A VOC folder with the scene fixture under two names: two clips, each on its own viewport path. */
    private Path twoScenes() throws IOException {
        Path voc = tmp.resolve("voc");
        Files.createDirectories(voc.resolve("images"));
        Files.createDirectories(voc.resolve("annotations"));
        String xml = Files.readString(Fixtures.SCENES.resolve("annotations/maksssksksss0.xml"));
        for (String name : new String[] {"first", "second"}) {
            Files.copy(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"), voc.resolve("images/" + name + ".jpg"));
            Files.writeString(voc.resolve("annotations/" + name + ".xml"),
                    xml.replace("maksssksksss0.jpg", name + ".jpg"));
        }
        return voc;
    }

    private JsonNode run(Path voc, String name, String... extra) throws IOException {
        Path json = tmp.resolve(name + ".json");
        String[] args = {"evaluate-video", "--data", voc.toString(), "--seconds", "1", "--json", json.toString()};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        assertEquals(0, FaceMaskCli.run(all), console.err());
        return JSON.readTree(json.toFile());
    }

    @Test
    void scores_the_tracks_on_clips_made_from_the_scene_photos_and_repeats_with_the_seed() throws IOException {
        Path voc = twoScenes();
        JsonNode r = run(voc, "a");
        for (String key : new String[] {"idf1", "mota", "id_switches", "label_flips_per_track_minute", "recall",
            "fps_processing", "clips", "frames", "ground_truth_objects", "tracks"}) {
            assertTrue(r.has(key), key + " in " + r);
        }
        assertEquals(2, r.get("clips").asInt());
        assertEquals(50, r.get("frames").asInt());
        // Stride 2 by default: frames 0, 2, ..., 24 of each clip.
        assertEquals(26, r.get("frames_analysed").asInt());
        int objects = r.get("ground_truth_objects").asInt();
        assertTrue(objects >= 2 && objects <= 6, r.toString());
        // Three large, frontal faces: the bundled detectors find and keep them.
        assertTrue(r.get("recall").asDouble() > 0.8, r.toString());
        assertTrue(r.get("idf1").asDouble() > 0.8 && r.get("idf1").asDouble() <= 1, r.toString());
        assertTrue(r.get("fps_processing").asDouble() > 0, r.toString());
        assertTrue(console.out().contains("IDF1 "), console.out());

        JsonNode again = run(voc, "b");
        for (String key : new String[] {"idf1", "mota", "id_switches", "ground_truth_boxes", "tracks"}) {
            assertEquals(r.get(key), again.get(key), key);
        }
        JsonNode everyFrame = run(voc, "c", "--stride", "1", "--seed", "5");
        assertEquals(50, everyFrame.get("frames_analysed").asInt());
    }

    @Test
    void bad_settings_are_usage_errors() throws IOException {
        Path voc = twoScenes();
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("evaluate-video", "--data", voc.toString(),
                "--stride", "0"));
        assertTrue(console.err().contains("stride must be at least 1"), console.err());
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("evaluate-video", "--data",
                tmp.resolve("nothing").toString()));
        assertTrue(console.err().contains("not a VOC folder"), console.err());
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("evaluate-video", "--data", voc.toString(),
                "--detector", "none"));
        assertTrue(console.err().contains("evaluate-video needs a face detector"), console.err());
    }
}
