package org.facemask.monitoring;

/**
 * The drift verdict for one feature, with the numbers behind it.
 *
 * @param feature the feature name
 * @param kind {@code "numeric"} or {@code "categorical"}
 * @param test {@code "ks"} (two-sample Kolmogorov–Smirnov), {@code "chi2"} (chi-square against the
 *     reference shares) or {@code "insufficient_data"} (fewer than 5 observations on one side)
 * @param statistic the test statistic: KS distance D, or the chi-square value; NaN when untested
 * @param pValue the test's p-value; 1 when untested
 * @param distance the effect size: Wasserstein-1 distance in reference standard deviations for a
 *     numeric feature, Population Stability Index for a categorical one; NaN when untested
 * @param threshold the p-value below which the test counts as significant (Bonferroni-corrected)
 * @param drifted whether the feature drifted: significant and at least the minimum effect
 * @param referenceSize observations of the feature in the reference window
 * @param currentSize observations of the feature in the current window
 */
public record FeatureDrift(String feature, String kind, String test, double statistic, double pValue,
                           double distance, double threshold, boolean drifted, long referenceSize,
                           long currentSize) {

    /** Returns whether the feature was tested, i.e. both windows held enough observations. */
    public boolean tested() {
        return !DriftDetector.INSUFFICIENT.equals(test);
    }

    /** Returns whether the feature is numeric (Kolmogorov–Smirnov, Wasserstein) rather than categorical. */
    public boolean numeric() {
        return DriftDetector.NUMERIC.equals(kind);
    }
}
