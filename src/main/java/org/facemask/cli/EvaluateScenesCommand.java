package org.facemask.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.evaluation.SceneEvaluator;
import org.facemask.model.MaskClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask evaluate-scenes}: face detection plus per-face classification on annotated scene photos. */
@Command(name = "evaluate-scenes", mixinStandardHelpOptions = true,
        description = {"Detect faces in a VOC folder (images/, annotations/), match them to the annotated faces",
            "(IoU >= 0.5), classify each matched crop: face recall (also by face width), false detections",
            "per image, accuracy on matched faces and end to end, confusion, images/s."})
final class EvaluateScenesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "VOC folder with images/ and annotations/.")
    Path data;

    @Mixin
    ModelOption model;

    @Mixin
    DetectorOption detection;

    @Mixin
    HoldoutOption holdout;

    @Option(names = "--json", description = "Write the measurements as JSON here.")
    Path json;

    @Override
    public Integer call() throws Exception {
        DetectorSpec detectors = detection.spec();
        try (FaceDetector faces = detectors.load();
             MaskClassifier classifier = model.load()) {
            SceneEvaluator.Result r = SceneEvaluator.evaluate(data, faces, classifier, holdout.photos());
            var out = spec.commandLine().getOut();
            out.println("detectors: " + detectors.describe());
            out.printf(Locale.ROOT, "%d images, %d faces: face recall %.3f, false detections/image %.2f%n",
                    r.images(), r.faces(), r.faceRecall(), r.falseDetectionsPerImage());
            out.printf(Locale.ROOT, "accuracy on matched mask/no_mask faces %.3f, end to end %.3f; %.1f images/s%n",
                    r.accuracyMatched(), r.accuracyEndToEnd(), r.imagesPerSecond());
            out.println("recall by face width (px): " + r.recallByWidth());
            out.println("confusion (truth -> predicted): " + r.confusion());
            if (json != null) {
                SceneEvaluator.writeJson(r, json);
            }
        }
        return 0;
    }
}
