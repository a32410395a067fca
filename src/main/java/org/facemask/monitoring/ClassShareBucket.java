package org.facemask.monitoring;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The predictions of one time bucket, counted per predicted class, and the people counted in
 * them by face detection; a list of them shows how the class mix and compliance move over time.
 *
 * @param start the start of the bucket
 * @param counts predicted class → number of predictions, in display order
 * @param meanConfidence the mean top-class confidence of the bucket's predictions; NaN when empty
 * @param peopleMasked people wearing a mask properly, over the predictions with face detection
 * @param people people counted, over the predictions with face detection
 */
public record ClassShareBucket(Instant start, Map<String, Long> counts, double meanConfidence, long peopleMasked,
        long people) {

    /**
     * Copies the counts.
     *
     * @param start the start of the bucket
     * @param counts predicted class → number of predictions; {@code null} means none
     * @param meanConfidence the mean top-class confidence
     * @param peopleMasked people masked properly
     * @param people people counted
     * @throws IllegalArgumentException if a count is missing or negative
     */
    public ClassShareBucket {
        Objects.requireNonNull(start, "start");
        Map<String, Long> copy = new LinkedHashMap<>();
        (counts == null ? Map.<String, Long>of() : counts).forEach((label, n) -> {
            if (label == null || n == null || n < 0) {
                throw new IllegalArgumentException("each class needs a name and a count ≥ 0, got " + label + " → " + n);
            }
            copy.put(label, n);
        });
        counts = Collections.unmodifiableMap(copy);
        if (peopleMasked < 0 || people < peopleMasked) {
            throw new IllegalArgumentException("need 0 ≤ masked ≤ people, got " + peopleMasked + " of " + people);
        }
    }

    /** A bucket without face detection. */
    public ClassShareBucket(Instant start, Map<String, Long> counts, double meanConfidence) {
        this(start, counts, meanConfidence, 0, 0);
    }

    /**
     * Returns the share of people masked properly.
     *
     * @return masked / people, or NaN when no prediction of the bucket ran face detection
     */
    public double compliance() {
        return people == 0 ? Double.NaN : (double) peopleMasked / people;
    }

    /**
     * Returns the number of predictions in the bucket.
     *
     * @return the sum of the counts
     */
    public long total() {
        return FeatureSamples.total(counts);
    }

    /**
     * Returns each class's share of the bucket's predictions.
     *
     * @return class → count / total, in the order of {@link #counts()}; every share is 0 when the
     *     bucket is empty
     */
    public Map<String, Double> shares() {
        long total = total();
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.forEach((label, n) -> shares.put(label, total == 0 ? 0.0 : (double) n / total));
        return Collections.unmodifiableMap(shares);
    }
}
