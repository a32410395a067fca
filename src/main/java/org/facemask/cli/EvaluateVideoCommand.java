package org.facemask.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;
import org.facemask.video.VideoEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask evaluate-video}: tracking quality on pan-and-zoom clips made from annotated scene photos. */
@Command(name = "evaluate-video", mixinStandardHelpOptions = true,
        description = {"Make a pan-and-zoom clip (640x480, 25 frames/s) from each photo of a VOC folder, run it",
            "through the video tracking frame by frame and score the tracks against the annotated faces:",
            "IDF1, MOTA, identity switches, recall, label flips per track-minute, frames/s.",
            "Model and detector defaults as for `video` (see docs/video.md)."})
final class EvaluateVideoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "VOC folder with images/ and annotations/.")
    Path data;

    @Mixin
    HoldoutOption holdout;

    @Option(names = "--seed", defaultValue = "1",
            description = "Picks the clips' viewport paths (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seconds", defaultValue = "3", description = "Length of each clip (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--stride", defaultValue = "2",
            description = "Analyse every n-th frame, the tracker carrying the others; 1 = every frame"
                + " (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--realtime",
            description = "Instead of --stride: analyse as many frames as keep up with 25 frames/s, as `video` does"
                + " by default (the result depends on the machine and its load).")
    boolean realTime;

    @Option(names = "--json", description = "Write the measurements as JSON here.")
    Path json;

    @Mixin
    TrackingOption tracking;

    @Mixin
    ModelOption model;

    @Mixin
    DetectorOption detection;

    @Override
    public Integer call() throws Exception {
        VideoEvaluation.Settings settings = new VideoEvaluation.Settings(seed, seconds, stride, realTime);
        DetectorSpec detectors = tracking.detectors(detection);
        var options = tracking.options(false, detectors);
        try (FaceDetector faces = detectors.load();
             MaskClassifier classifier = MaskClassifier.load(model.resolve(), tracking.backend(model))) {
            VideoEvaluation.Result r = VideoEvaluation.evaluate(data, holdout.photos(), faces, classifier, options,
                    settings);
            var out = spec.commandLine().getOut();
            out.println("detectors: " + detectors.describe());
            out.printf(Locale.ROOT, "%d clips, %d frames (%d analysed), %d faces, %d true boxes, %d tracks%n",
                    r.clips(), r.frames(), r.framesAnalysed(), r.identities(), r.groundTruth(), r.tracks());
            out.printf(Locale.ROOT, "IDF1 %.3f, MOTA %.3f, %d identity switches, recall %.3f%n", r.idf1(), r.mota(),
                    r.idSwitches(), r.recall());
            out.printf(Locale.ROOT, "%.2f label flips per track-minute (%d in %.1f track-minutes); %.1f frames/s%n",
                    r.labelFlipsPerTrackMinute(), r.labelFlips(), r.trackMinutes(), r.fpsProcessing());
            if (json != null) {
                VideoEvaluation.writeJson(r, json);
            }
        }
        return 0;
    }
}
