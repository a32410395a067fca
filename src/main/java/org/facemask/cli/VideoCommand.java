package org.facemask.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.video.VideoAnalyzer;
import org.facemask.video.VideoSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facemask video}: tracked, smoothed face-mask labels on a video file, stream or camera. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = {"Follow the faces in a video (a file FFmpeg reads, an rtsp:// or http:// stream",
            "or a V4L2 camera such as /dev/video0), classify them with smoothing, and write a copy",
            "with a box, track id and label per face, the enter/label/leave events and a summary.",
            "Defaults differ from the photo commands unless given: --backend ONNX, --detector-size",
            "640, and the detectors run at half their --face-threshold (see docs/video.md)."})
final class VideoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Video file, stream URL or /dev/videoN.")
    String input;

    @Option(names = "--out", required = true, paramLabel = "OUT.mp4", description = "Annotated video to write (MP4).")
    Path out;

    @Option(names = "--events", paramLabel = "EVENTS.jsonl",
            description = "Write the enter / label / leave events here, one JSON object a line.")
    Path events;

    @Option(names = "--json", paramLabel = "SUMMARY.json", description = "Write the summary here as JSON.")
    Path json;

    @Option(names = "--every-frame",
            description = "Detect and classify on every frame however long it takes; by default only as many"
                + " frames as keep up with the video's frame rate, the tracker carrying the others.")
    boolean everyFrame;

    @Mixin
    TrackingOption tracking;

    @Mixin
    ModelOption model;

    @Mixin
    DetectorOption detection;

    @Override
    public Integer call() throws Exception {
        VideoAnalyzer.checkInput(input);
        DetectorSpec detectors = tracking.detectors(detection);
        VideoAnalyzer.Options options = tracking.options(everyFrame, detectors);
        Backend backend = tracking.backend(model);
        try (FaceDetector faces = detectors.load();
             MaskClassifier classifier = MaskClassifier.load(model.resolve(), backend)) {
            VideoAnalyzer analyzer = new VideoAnalyzer(faces, classifier, options);
            VideoSummary s = analyzer.run(input, out, events);
            var o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%d frames (%.1f s), %d analysed, %.1f frames/s processed (%.2fx real time),"
                    + " max lag %.2f s%n", s.frames(), s.durationSeconds(), s.framesAnalysed(), s.fpsProcessing(),
                    s.realtimeFactor(), s.maxLagSeconds());
            o.println(s.tracks().size() + " tracks; people by label: " + s.people());
            o.println("wrote " + out);
            if (json != null) {
                VideoAnalyzer.writeJson(s, json);
            }
        }
        return 0;
    }
}
