package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoAnalyzerTest {

    static final int FRAMES = 40;

    @TempDir
    Path tmp;

    @Test
    void three_moving_faces_keep_three_ids_and_every_frame_is_written() throws IOException {
        Path clip = Clips.panning(tmp.resolve("pan.mp4"), FRAMES);
        Path out = tmp.resolve("out.mp4");
        Path events = tmp.resolve("events.jsonl");
        // The bundled detectors at half their usual scores, as the video command runs them.
        DetectorSpec spec = new DetectorSpec(List.of(Path.of("models/detectors/yunet/yunet-n-decoded.onnx"),
                Path.of("models/detectors/aizoo-facemask/aizoo-facemask-360.onnx")), List.of(0.3, 0.2), 1, 640,
                null, 0.5);
        // Which track ids cover each annotated face, frame by frame.
        List<Set<Integer>> idsOfFace = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
        Map<Integer, Integer> framesSeen = new HashMap<>();
        VideoSummary summary;
        try (FaceDetector detector = spec.load();
             MaskClassifier classifier = MaskClassifier.load(Path.of("models/facemask-resnet18"), Backend.ONNX)) {
            VideoAnalyzer analyzer = new VideoAnalyzer(detector, classifier, VideoAnalyzer.Options.defaults(true, 0.5));
            analyzer.onFrame((frame, tracks) -> {
                List<DetectedFace> truth = Clips.faces(frame);
                for (int f = 0; f < truth.size(); f++) {
                    for (Track t : tracks) {
                        if (t.visible() && t.box().iou(truth.get(f)) > 0.3) {
                            idsOfFace.get(f).add(t.id());
                            framesSeen.merge(f, 1, Integer::sum);
                        }
                    }
                }
            });
            summary = analyzer.run(clip.toString(), out, events);
        }
        assertEquals(FRAMES, summary.frames());
        assertEquals(FRAMES, summary.framesAnalysed());
        assertEquals(FRAMES, Clips.countFrames(out));
        assertEquals(List.of(Clips.WIDTH, Clips.HEIGHT), Clips.size(out));
        // One id per face for the whole clip, three different ones, each face followed on (nearly) every frame.
        Set<Integer> all = new HashSet<>();
        for (int f = 0; f < 3; f++) {
            assertEquals(1, idsOfFace.get(f).size(), "face " + f + " had ids " + idsOfFace.get(f));
            all.addAll(idsOfFace.get(f));
            assertTrue(framesSeen.getOrDefault(f, 0) >= FRAMES - 2, "face " + f + " seen on " + framesSeen.get(f));
        }
        assertEquals(3, all.size());
        for (int id : all) {
            VideoSummary.TrackSummary t = summary.tracks().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
            assertEquals(0.0, t.firstSeconds(), 0.1);
            assertEquals((FRAMES - 1) / 25.0, t.lastSeconds(), 0.1);
            assertTrue(t.label() != null && t.classifiedFrames() >= FRAMES - 2, t.toString());
        }
        // Events: each face enters once, at the start, and leaves once when the clip ends.
        List<String> lines = Files.readAllLines(events);
        for (int id : all) {
            List<String> mine = new ArrayList<>();
            for (String line : lines) {
                if (line.contains("\"track\":" + id + ",")) {
                    mine.add(line);
                }
            }
            assertTrue(mine.get(0).startsWith("{\"time\":0.0,\"type\":\"enter\",\"track\":" + id), mine.toString());
            assertTrue(mine.get(mine.size() - 1).contains("\"type\":\"leave\""), mine.toString());
            assertEquals(1, mine.stream().filter(l -> l.contains("\"enter\"")).count());
        }
    }
}
