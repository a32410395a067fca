package org.facemask.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Decides whether a current window of observations has drifted away from a reference window.
 *
 * <p>This is the product's definition of drift:
 * <ul>
 *   <li><b>Numeric feature:</b> a two-sample Kolmogorov–Smirnov test gives the p-value; the
 *       effect size is the Wasserstein-1 distance between the two empirical distributions
 *       (the area between their CDFs), in units of the reference standard deviation. A constant
 *       reference has no spread to scale by, so its distance stays unscaled. Non-finite values
 *       (a feature that could not be computed for an image) are left out.</li>
 *   <li><b>Categorical feature:</b> a two-sample chi-square test of homogeneity of the two
 *       windows' counts (over the categories seen on either side) gives the p-value; with fewer
 *       than two categories there is nothing to test and p = 1. The
 *       effect size is the Population Stability Index, Σ (cur − ref) · ln(cur / ref) over the
 *       shares, with empty shares raised to 1e-4.</li>
 *   <li><b>Multiple testing:</b> each of the m tested features is significant when p &lt;
 *       alpha / m (Bonferroni), so that "some feature drifted" is a false alarm at most alpha of
 *       the time when nothing changed.</li>
 *   <li><b>Drift</b> = significant <i>and</i> distance ≥ minEffect. Large windows make tiny,
 *       harmless shifts significant; the effect size keeps those quiet.</li>
 *   <li>The window has drifted when any feature drifted.</li>
 *   <li>A feature present on only one side is skipped. A feature with fewer than 5 observations
 *       on either side is reported untested ({@code "insufficient_data"}, p = 1, not drifted) and
 *       does not count towards m.</li>
 *   <li>Results list numeric features, then categorical ones, each in the reference's order.</li>
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class DriftDetector {

    static final String NUMERIC = "numeric";
    static final String CATEGORICAL = "categorical";
    static final String INSUFFICIENT = "insufficient_data";
    static final int MIN_OBSERVATIONS = 5;
    /** Stand-in share of an empty bin in the PSI, whose logarithm would otherwise be infinite. */
    static final double PSI_EPSILON = 1e-4;

    private final double alpha;
    private final double minEffect;

    /**
     * Creates a detector.
     *
     * @param alpha the family-wise false-alarm rate, in (0, 1)
     * @param minEffect the smallest distance that counts as drift (reference standard deviations
     *     for numeric features, PSI for categorical ones), ≥ 0
     * @throws IllegalArgumentException if a value is out of range
     */
    public DriftDetector(double alpha, double minEffect) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(minEffect >= 0) || Double.isInfinite(minEffect)) {
            throw new IllegalArgumentException("minEffect must be finite and ≥ 0, got " + minEffect);
        }
        this.alpha = alpha;
        this.minEffect = minEffect;
    }

    /**
     * Returns a detector with alpha 0.05 and a minimum effect of 0.1: a tenth of a standard
     * deviation, and the PSI below which populations are conventionally called stable.
     *
     * @return the default detector
     */
    public static DriftDetector defaults() {
        return new DriftDetector(0.05, 0.1);
    }

    /**
     * Compares every feature present in both windows.
     *
     * @param reference the window the model was built on, e.g. the training set
     * @param current the window to check, e.g. the last day's predictions
     * @return the per-feature and overall verdicts
     */
    public DriftResult compare(FeatureSamples reference, FeatureSamples current) {
        Map<String, double[]> refNumeric = reference.numeric();
        Map<String, double[]> curNumeric = current.numeric();
        List<Numeric> numeric = new ArrayList<>();
        refNumeric.forEach((name, values) -> {
            if (curNumeric.containsKey(name)) {
                numeric.add(new Numeric(name, finite(values), finite(curNumeric.get(name))));
            }
        });
        List<Categorical> categorical = new ArrayList<>();
        reference.categorical().forEach((name, counts) -> {
            Map<String, Long> other = current.categorical().get(name);
            if (other != null) {
                categorical.add(new Categorical(name, counts, other));
            }
        });

        long tested = numeric.stream().filter(Numeric::testable).count()
                + categorical.stream().filter(Categorical::testable).count();
        double threshold = alpha / Math.max(1, tested);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        List<FeatureDrift> results = new ArrayList<>();
        numeric.forEach(n -> results.add(n.testable() ? n.test(ks, threshold) : untested(n.name, NUMERIC,
                threshold, n.ref.length, n.cur.length)));
        categorical.forEach(c -> results.add(c.testable() ? c.test(threshold) : untested(c.name, CATEGORICAL,
                threshold, c.refTotal, c.curTotal)));
        boolean drifted = results.stream().anyMatch(FeatureDrift::drifted);
        return new DriftResult(results, drifted, alpha, minEffect, Instant.now());
    }

    /**
     * Returns the Wasserstein-1 distance between two empirical distributions: the integral of
     * |F_a − F_b| over the real line, where F are the step CDFs of the samples.
     *
     * @param a a non-empty sample
     * @param b a non-empty sample
     * @return the distance, in the samples' unit
     */
    static double wasserstein(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double previous = Math.min(x[0], y[0]);
        double area = 0;
        // Between consecutive distinct values both CDFs are flat, so each gap adds a rectangle.
        while (i < x.length || j < y.length) {
            double next = Math.min(i < x.length ? x[i] : Double.POSITIVE_INFINITY,
                    j < y.length ? y[j] : Double.POSITIVE_INFINITY);
            area += Math.abs((double) i / x.length - (double) j / y.length) * (next - previous);
            while (i < x.length && x[i] == next) {
                i++;
            }
            while (j < y.length && y[j] == next) {
                j++;
            }
            previous = next;
        }
        return area;
    }

    /**
     * Returns the Population Stability Index of two count vectors over the same categories.
     *
     * @param reference reference counts, total > 0
     * @param current current counts, total > 0
     * @return Σ (cur − ref) · ln(cur / ref) over the shares; 0 for identical shares
     */
    static double psi(long[] reference, long[] current) {
        double refTotal = Arrays.stream(reference).sum();
        double curTotal = Arrays.stream(current).sum();
        double psi = 0;
        for (int k = 0; k < reference.length; k++) {
            double r = Math.max(reference[k] / refTotal, PSI_EPSILON);
            double c = Math.max(current[k] / curTotal, PSI_EPSILON);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    private FeatureDrift untested(String name, String kind, double threshold, long refSize, long curSize) {
        return new FeatureDrift(name, kind, INSUFFICIENT, Double.NaN, 1.0, Double.NaN, threshold, false,
                refSize, curSize);
    }

    private boolean drifted(double p, double distance, double threshold) {
        return p < threshold && distance >= minEffect;
    }

    /** Commons Math can return values a hair outside [0, 1], or NaN on degenerate input. */
    private static double clampP(double p) {
        return Double.isNaN(p) ? 1.0 : Math.min(1.0, Math.max(0.0, p));
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    /** One numeric feature's two samples, finite values only. */
    private final class Numeric {
        final String name;
        final double[] ref;
        final double[] cur;

        Numeric(String name, double[] ref, double[] cur) {
            this.name = name;
            this.ref = ref;
            this.cur = cur;
        }

        boolean testable() {
            return ref.length >= MIN_OBSERVATIONS && cur.length >= MIN_OBSERVATIONS;
        }

        FeatureDrift test(KolmogorovSmirnovTest ks, double threshold) {
            double d = ks.kolmogorovSmirnovStatistic(ref, cur);
            double p = clampP(ks.kolmogorovSmirnovTest(ref, cur));
            double w = wasserstein(ref, cur);
            double sd = new StandardDeviation().evaluate(ref);
            double distance = sd > 0 ? w / sd : w;
            return new FeatureDrift(name, NUMERIC, "ks", d, p, distance, threshold, drifted(p, distance, threshold),
                    ref.length, cur.length);
        }
    }

    /** One categorical feature's counts on both sides, aligned over the categories either side saw. */
    private final class Categorical {
        final String name;
        final long[] ref;
        final long[] cur;
        final long refTotal;
        final long curTotal;

        Categorical(String name, Map<String, Long> refCounts, Map<String, Long> curCounts) {
            this.name = name;
            Set<String> categories = new LinkedHashSet<>();
            refCounts.forEach((c, n) -> addIfSeen(categories, c, n));
            curCounts.forEach((c, n) -> addIfSeen(categories, c, n));
            ref = categories.stream().mapToLong(c -> refCounts.getOrDefault(c, 0L)).toArray();
            cur = categories.stream().mapToLong(c -> curCounts.getOrDefault(c, 0L)).toArray();
            refTotal = Arrays.stream(ref).sum();
            curTotal = Arrays.stream(cur).sum();
        }

        /** A category with no observation on either side would only add smoothing mass. */
        private static void addIfSeen(Set<String> categories, String category, long count) {
            if (count > 0) {
                categories.add(category);
            }
        }

        boolean testable() {
            return refTotal >= MIN_OBSERVATIONS && curTotal >= MIN_OBSERVATIONS;
        }

        FeatureDrift test(double threshold) {
            double statistic = 0;
            double p = 1;
            if (ref.length >= 2) {
                // Two-sample test: both windows are samples, so neither side's shares are taken as
                // exact; measured false-alarm rates stay at the nominal level for equal-size windows.
                ChiSquareTest chi = new ChiSquareTest();
                statistic = chi.chiSquareDataSetsComparison(ref, cur);
                p = clampP(chi.chiSquareTestDataSetsComparison(ref, cur));
            }
            double distance = psi(ref, cur);
            return new FeatureDrift(name, CATEGORICAL, "chi2", statistic, p, distance, threshold,
                    drifted(p, distance, threshold), refTotal, curTotal);
        }
    }
}
