package org.facemask.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.facemask.dataset.SceneHoldout;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.evaluation.DetectedCrops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--margin", defaultValue = "0.15",
            description = "Box expansion per side (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--min-width", defaultValue = "0",
            description = "Skip faces narrower than this, px (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--face-check-set",
            description = "Cut the face check's training set instead: the detector's boxes (run at --face-threshold,"
                + " without a face check) that match an annotated face to face/, those that overlap none to"
                + " not_face/ (at most --max-not-faces per photo, best scored first); --margin does not apply.")
    boolean faceCheck;

    @Option(names = "--max-not-faces", defaultValue = "40",
            description = "With --face-check-set: false detections kept per photo (default: ${DEFAULT-VALUE}).")
    int maxNotFaces;

    @Option(names = "--val-share", defaultValue = "0",
            description = "Also split by photo: this share of all photos (from the training side) goes to DEST/val,"
                + " the rest to DEST/train, ready for `facemask train` (default: ${DEFAULT-VALUE}, no split).")
    double valShare;

    @Mixin
    DetectorOption detection;

    @Override
    public Integer call() throws Exception {
        if (detected && faceCheck) {
            throw new ParameterException(spec.commandLine(), "choose one of --detected and --face-check-set");
        }
        if (valShare > 0 && heldOut) {
            throw new ParameterException(spec.commandLine(), "--val-share splits the training side, not --held-out");
        }
        DetectorSpec detectors = detected || faceCheck ? detection.spec() : null;
        if (detectors != null && detectors.check() != null) {
            // Training crops come from what the detectors propose, before any check.
            throw new ParameterException(spec.commandLine(), "crops cuts from unchecked detections: drop --face-check");
        }
        // Loaded once, for both sides of a --val-share split.
        try (FaceDetector detector = detectors != null ? detectors.load() : null) {
            Predicate<String> chosen = new SceneHoldout(holdout).side(heldOut);
            if (valShare <= 0) {
                cut(chosen, dest, detector);
                return 0;
            }
            // Nested hash bands: [0, holdout) held out, [holdout, holdout + val-share) validation.
            SceneHoldout bandEnd = new SceneHoldout(holdout + valShare);
            cut(chosen.and(bandEnd::contains), dest.resolve("val"), detector);
            cut(chosen.and(bandEnd.negate()), dest.resolve("train"), detector);
            return 0;
        }
    }

    /** Cuts the chosen photos' faces into {@code to}: from the detector's boxes when there is one. */
    private void cut(Predicate<String> photos, Path to, FaceDetector detector) throws Exception {
        Map<String, Integer> counts = detector == null ? VocCrops.extract(data, to, margin, minWidth, photos)
                : faceCheck ? DetectedCrops.extractFaceChecks(data, to, detector, photos, maxNotFaces)
                : DetectedCrops.extract(data, to, detector, photos);
        spec.commandLine().getOut().println("wrote " + counts + " to " + to);
    }
}
