package org.facemask.training;

/**
 * One validation source's measurement after an epoch.
 *
 * @param source the source's name
 * @param n images
 * @param loss mean loss
 * @param accuracy argmax accuracy over all classes
 * @param maskOrNot accuracy of the two-class answer {@code /predict} gives (mask vs the rest),
 *     or NaN for a model without a {@code mask} class
 */
public record SourceScore(String source, int n, double loss, double accuracy, double maskOrNot) {

    /** Returns what the best-epoch rule compares: mask-or-not accuracy, else argmax accuracy. */
    double selectionAccuracy() {
        return Double.isNaN(maskOrNot) ? accuracy : maskOrNot;
    }
}
