package org.facemask.cli;

import org.facemask.model.MaskClassifier;
import picocli.CommandLine.Option;

/**
 * The {@code --flip-average} option of {@code evaluate}, {@code robustness} and {@code predict}. {@code serve} declares
 * its own, which also reads {@code FACEMASK_FLIP_AVERAGE}, with the same description.
 */
final class FlipAverageOption {

    static final String DESCRIPTION =
            "Average each prediction over the image and its mirror (2x the inference work)";

    @Option(names = "--flip-average", description = DESCRIPTION + ".")
    boolean enabled;

    /** Returns the classifier with flip averaging as chosen. */
    MaskClassifier apply(MaskClassifier classifier) {
        return classifier.withFlipAveraging(enabled);
    }
}
