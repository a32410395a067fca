package org.facemask.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.facemask.data.SceneHoldout;
import org.facemask.data.VocCrops;
import org.facemask.detection.DetectedCrops;
import org.facemask.detection.FaceDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask crops}: VOC scenes to a class-folder dataset of face crops. */
@Command(name = "crops", mixinStandardHelpOptions = true,
        description = {"Cut the annotated faces of a Pascal VOC folder (images/, annotations/*.xml) into",
            "DEST/<class>/ crops, with a margin around each box. Labels map through the usual aliases",
            "(with_mask, without_mask, mask_weared_incorrect)."})
final class CropsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "VOC folder with images/ and annotations/.")
    Path data;

    @Option(names = "--dest", required = true, description = "Output folder.")
    Path dest;

    @Option(names = "--margin", defaultValue = "0.15", description = "Box expansion per side (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--min-width", defaultValue = "0", description = "Skip faces narrower than this, px (default: ${DEFAULT-VALUE}).")
    int minWidth;

    @Option(names = "--holdout", defaultValue = "0",
            description = "Leave out this share of the photos, the same ones `evaluate-scenes --holdout` measures"
                + " on (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--held-out", description = "With --holdout: cut only the held-out photos instead, to evaluate on.")
    boolean heldOut;

    @Option(names = "--detected",
            description = "Cut the detector's boxes (as the service sees faces) instead of the annotated ones, each"
                + " labelled by the annotated face it overlaps (IoU >= 0.5); --margin does not apply.")
    boolean detected;

    @Mixin
    DetectorOption detection;

    @Override
    public Integer call() throws Exception {
        Predicate<String> chosen = new SceneHoldout(holdout).side(heldOut);
        Map<String, Integer> counts;
        if (detected) {
            try (FaceDetector detector = detection.spec().load()) {
                counts = DetectedCrops.extract(data, dest, detector, chosen);
            }
        } else {
            counts = VocCrops.extract(data, dest, margin, minWidth, chosen);
        }
        spec.commandLine().getOut().println("wrote " + counts + " to " + dest);
        return 0;
    }
}
