package org.facemask.cli;

import org.facemask.detection.BoxCalibration;
import org.facemask.detection.DetectorSpec;
import org.facemask.model.Backend;
import org.facemask.video.FaceTracking;
import org.facemask.video.VideoAnalyzer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The tracking option of the commands that follow faces through video, and their defaults that
 * differ from the photo commands' unless given: ONNX Runtime, and the detectors at half their
 * thresholds and 640 px.
 */
final class TrackingOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--track-threshold", defaultValue = "0.7",
            description = "Face score at which a detection can start a track; lower ones (down to half the"
                + " usual --face-threshold) only keep tracks alive (default: ${DEFAULT-VALUE}).")
    double trackThreshold;

    /**
     * Returns the tracking settings.
     *
     * @param everyFrame analyse every frame (for {@code video}; other pacings ignore it)
     * @param detectors the detectors in use, whose boxes are calibrated for tracking
     * @return the settings
     */
    VideoAnalyzer.Options options(boolean everyFrame, DetectorSpec detectors) {
        if (!(trackThreshold > 0 && trackThreshold < 1)) {
            throw new IllegalArgumentException("--track-threshold must be in (0, 1), not " + trackThreshold);
        }
        return VideoAnalyzer.Options.defaults(everyFrame, trackThreshold).withBoxes(BoxCalibration.of(detectors));
    }

    /** Returns the chosen detectors, with the video defaults where their options were not given. */
    DetectorSpec detectors(DetectorOption detection) {
        ParseResult parsed = command.commandLine().getParseResult();
        DetectorSpec spec = FaceTracking.videoDetectors(detection.spec(), parsed.hasMatchedOption("--face-threshold"),
                parsed.hasMatchedOption("--detector-size"));
        if (!spec.enabled()) {
            throw new IllegalArgumentException(command.name() + " needs a face detector: --detector none is not"
                    + " supported");
        }
        return spec;
    }

    /** Returns the chosen runtime: ONNX Runtime unless asked otherwise, the faster one, as video must keep up. */
    Backend backend(ModelOption model) {
        return model.backendGiven() ? model.backend() : Backend.ONNX;
    }
}
