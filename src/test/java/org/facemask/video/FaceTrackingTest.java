package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;

class FaceTrackingTest {

    private static final double FPS = 10;

    /** A detector that reports one slowly moving face on its first calls, and nothing after. */
    private static final class Scripted implements FaceDetector {
        private final int visibleCalls;
        private int calls;

        Scripted(int visibleCalls) {
            this.visibleCalls = visibleCalls;
        }

        @Override
        public List<DetectedFace> detect(BufferedImage image) {
            int call = calls++;
            if (call >= visibleCalls) {
                return List.of();
            }
            return List.of(new DetectedFace(20 + call, 20, 60 + call, 70, 0.9, Double.NaN));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void a_face_enters_once_and_leaves_at_its_last_detection() {
        List<VideoEvent> events = new ArrayList<>();
        BufferedImage frame = new BufferedImage(120, 100, BufferedImage.TYPE_INT_RGB);
        List<Track> ended;
        try (MaskClassifier classifier = MaskClassifier.load(Path.of("models/facemask-resnet18"), Backend.ONNX)) {
            FaceTracking tracking = new FaceTracking(new Scripted(3), classifier::predict,
                    VideoAnalyzer.Options.defaults(true, 0.5), FPS, events::add);
            for (int i = 0; i < 8; i++) {
                // Every other frame is carried, as a pipeline that falls behind does.
                List<Track> tracks = i % 2 == 0 ? tracking.analyse(frame) : tracking.carry();
                assertTrue(tracks.size() <= 1, tracks.toString());
            }
            assertEquals(8, tracking.frames());
            assertEquals(4, tracking.analysed());
            ended = tracking.finish();
        }
        assertEquals(1, ended.size());
        assertEquals(1, events.stream().filter(e -> e.type().equals(VideoEvent.ENTER)).count(), events.toString());
        VideoEvent last = events.get(events.size() - 1);
        assertEquals(VideoEvent.LEAVE, last.type());
        // Detected on the first three analysed frames, 0, 2 and 4: the track was last seen at frame 4.
        assertEquals(4 / FPS, last.time(), 1e-9);
        assertEquals(ended.get(0).id(), last.track());
        assertEquals(ended.get(0).label(), last.label());
    }

    @Test
    void video_detectors_run_at_half_the_photo_thresholds_and_640_px_unless_given() {
        DetectorSpec photo = new DetectorSpec(List.of(Path.of("a.onnx"), Path.of("b.onnx")), List.of(0.6, 0.4), 1,
                800, null, 0.4);
        DetectorSpec video = FaceTracking.videoDetectors(photo, false, false);
        assertEquals(List.of(0.3, 0.2), video.thresholds());
        assertEquals(FaceTracking.VIDEO_LONG_SIDE, video.longSide());
        assertEquals(photo.files(), video.files());
        DetectorSpec given = FaceTracking.videoDetectors(photo, true, true);
        assertEquals(photo.thresholds(), given.thresholds());
        assertEquals(800, given.longSide());
        DetectorSpec none = DetectorSpec.none();
        assertSame(none, FaceTracking.videoDetectors(none, false, false));
    }
}
