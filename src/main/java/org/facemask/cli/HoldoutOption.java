package org.facemask.cli;

import java.util.function.Predicate;
import org.facemask.dataset.SceneHoldout;
import picocli.CommandLine.Option;

/** The {@code --holdout} and {@code --tuning-side} options of the commands that measure on scene photos. */
final class HoldoutOption {

    @Option(names = "--holdout", defaultValue = "0",
            description = "Measure only this held-out share of the photos, the ones `crops --holdout` leaves out;"
                + " 0 = all photos (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--tuning-side",
            description = "With --holdout: measure the other photos instead (those crops trains on), to choose"
                + " settings without looking at the held-out ones.")
    boolean tuningSide;

    /** Returns the photos to measure, by image file name. */
    Predicate<String> photos() {
        return holdout == 0 ? photo -> true : new SceneHoldout(holdout).side(!tuningSide);
    }
}
