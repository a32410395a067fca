package org.facemask.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of comparing a current window with a reference: one {@link FeatureDrift} per
 * feature present on both sides, and the overall verdict.
 *
 * @param features per-feature results: numeric features first, then categorical ones
 * @param drifted whether any feature drifted
 * @param alpha the family-wise false-alarm rate the per-feature thresholds were derived from
 * @param minEffect the smallest distance that counts as drift
 * @param computedAt when the comparison ran
 */
public record DriftResult(List<FeatureDrift> features, boolean drifted, double alpha, double minEffect,
                          Instant computedAt) {

    /** Long lists defeat the purpose of a one-line summary; the rest is in the table. */
    private static final int NAMED_IN_SUMMARY = 4;

    /**
     * Copies the feature list.
     *
     * @param features per-feature results
     * @param drifted whether any feature drifted
     * @param alpha the family-wise false-alarm rate
     * @param minEffect the smallest distance that counts as drift
     * @param computedAt when the comparison ran
     */
    public DriftResult {
        features = List.copyOf(features);
        Objects.requireNonNull(computedAt, "computedAt");
    }

    /**
     * Returns the features that drifted, in result order.
     *
     * @return the drifted features; empty when nothing drifted
     */
    public List<FeatureDrift> driftedFeatures() {
        return features.stream().filter(FeatureDrift::drifted).toList();
    }

    /**
     * Returns the verdict as one sentence, e.g. {@code "DRIFT in 2 of 11 features: brightness (KS
     * p=1e-9, W=0.41), format (chi2 p=3e-5, PSI=0.25)"} or {@code "No drift in 11 features (812
     * reference vs 240 current observations)"}.
     *
     * @return a sentence a person reads in a few seconds
     */
    public String summary() {
        if (features.isEmpty()) {
            return "No drift: no feature present in both windows";
        }
        List<FeatureDrift> drifted = driftedFeatures();
        if (!drifted.isEmpty()) {
            String named = drifted.stream().limit(NAMED_IN_SUMMARY).map(DriftResult::describe)
                    .collect(Collectors.joining(", "));
            String more = drifted.size() > NAMED_IN_SUMMARY
                    ? " and " + (drifted.size() - NAMED_IN_SUMMARY) + " more" : "";
            return "DRIFT in " + drifted.size() + " of " + features.size() + " features: " + named + more;
        }
        long reference = features.stream().mapToLong(FeatureDrift::referenceSize).max().orElse(0);
        long current = features.stream().mapToLong(FeatureDrift::currentSize).max().orElse(0);
        String sizes = String.format(Locale.ROOT, "%,d reference vs %,d current observations", reference, current);
        long untested = features.stream().filter(f -> !f.tested()).count();
        if (untested == features.size()) {
            return "No drift: too little data to test " + features.size() + " features (" + sizes + ")";
        }
        String caveat = untested == 0 ? "" : "; " + untested + " with too little data to test";
        return "No drift in " + features.size() + " features (" + sizes + caveat + ")";
    }

    private static String describe(FeatureDrift f) {
        boolean numeric = f.numeric();
        return String.format(Locale.ROOT, "%s (%s p=%s, %s=%.2f)", f.feature(),
                "ks".equals(f.test()) ? "KS" : f.test(), pValue(f.pValue()), numeric ? "W" : "PSI", f.distance());
    }

    /**
     * Formats a p-value briefly: two significant digits, or a power of ten when small.
     *
     * @param p a p-value
     * @return e.g. {@code "0.031"}, {@code "3e-5"} or {@code "<1e-15"}
     */
    public static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        if (p < 1e-15) {
            // Below double precision of 1 - p the tests' tails are not trustworthy digits anyway.
            return "<1e-15";
        }
        if (p < 1e-3) {
            String text = String.format(Locale.ROOT, "%.0e", p);
            int e = text.indexOf('e');
            return text.substring(0, e) + "e" + Integer.parseInt(text.substring(e + 1));
        }
        return String.format(Locale.ROOT, "%.2g", p);
    }
}
