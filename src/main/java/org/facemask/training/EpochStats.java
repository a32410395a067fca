package org.facemask.training;

import java.util.List;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param learningRate learning rate at the end of the epoch
 * @param trainLoss mean training loss
 * @param trainAccuracy training accuracy (on augmented images)
 * @param valLoss mean validation loss
 * @param valAccuracy validation accuracy
 * @param seconds wall time of the epoch, validation included
 * @param imagesPerSecond training throughput
 * @param sources the validation measured per source (the pooled figures above cover them all)
 */
public record EpochStats(int epoch, float learningRate, double trainLoss, double trainAccuracy,
                         double valLoss, double valAccuracy, double seconds, double imagesPerSecond,
                         List<SourceScore> sources) {

    /** Copies the source list. */
    public EpochStats {
        sources = List.copyOf(sources);
    }

    /**
     * Returns the worst source's selection accuracy (mask-or-not where the model has a mask
     * class): the first key of the best-epoch rule.
     *
     * @return the minimum over sources
     */
    public double worstSource() {
        return sources.stream().mapToDouble(SourceScore::selectionAccuracy).min().orElse(valAccuracy);
    }

    /**
     * Returns the mean argmax accuracy over sources, each source weighing the same: the rule's
     * tie-breaker.
     *
     * @return the mean
     */
    public double meanSourceAccuracy() {
        return sources.stream().mapToDouble(SourceScore::accuracy).average().orElse(valAccuracy);
    }

    /**
     * Whether this epoch beats another by the best-epoch rule: the higher worst-source accuracy,
     * then the higher mean source accuracy, then the lower pooled validation loss. No single
     * source decides, so a gain on one cannot hide a loss on another.
     *
     * @param other the best epoch so far, or null
     * @return true if this one is better
     */
    public boolean betterThan(EpochStats other) {
        if (other == null) {
            return true;
        }
        int c = Double.compare(worstSource(), other.worstSource());
        if (c == 0) {
            c = Double.compare(meanSourceAccuracy(), other.meanSourceAccuracy());
        }
        return c > 0 || (c == 0 && valLoss < other.valLoss);
    }
}
