package org.facemask.monitoring;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A window of observations, as input to {@link DriftDetector}: numeric features as raw samples
 * (e.g. {@code "brightness"} → one value per image) and categorical features as counts per
 * category (e.g. {@code "format"} → {@code {"jpeg": 120, "png": 3}}).
 *
 * <p>Both maps are copied, arrays included, on the way in and on the way out, so a window cannot
 * change after it was compared. Key order is kept: it is the order of features in drift results.
 *
 * @param numeric feature name → one value per observation
 * @param categorical feature name → category → number of observations
 */
public record FeatureSamples(Map<String, double[]> numeric, Map<String, Map<String, Long>> categorical) {

    /**
     * Copies and checks both maps.
     *
     * @param numeric feature name → values; {@code null} means no numeric features
     * @param categorical feature name → category counts; {@code null} means no categorical features
     * @throws IllegalArgumentException if a name, array or count is missing, or a count is negative
     */
    public FeatureSamples {
        numeric = copyNumeric(numeric == null ? Map.of() : numeric);
        categorical = copyCategorical(categorical == null ? Map.of() : categorical);
    }

    /**
     * Returns a window without any observation.
     *
     * @return an empty window
     */
    public static FeatureSamples empty() {
        return new FeatureSamples(Map.of(), Map.of());
    }

    /**
     * Returns the numeric features; the arrays are copies, free to modify.
     *
     * @return feature name → values, in insertion order
     */
    @Override
    public Map<String, double[]> numeric() {
        return copyNumeric(numeric);
    }

    /**
     * Returns the number of observations in the window: the length of the numeric arrays or, when
     * there are none, the total count of a categorical feature. Features can disagree when a value
     * could not be computed for some images; the largest count is returned then.
     *
     * @return the number of observations, 0 for an empty window
     */
    public int size() {
        if (!numeric.isEmpty()) {
            return numeric.values().stream().mapToInt(v -> v.length).max().orElse(0);
        }
        long most = categorical.values().stream().mapToLong(FeatureSamples::total).max().orElse(0);
        return (int) Math.min(Integer.MAX_VALUE, most);
    }

    /** Compares array contents, which the generated record equality would compare by identity. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof FeatureSamples that)) {
            return false;
        }
        if (!numeric.keySet().equals(that.numeric.keySet()) || !categorical.equals(that.categorical)) {
            return false;
        }
        return numeric.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), that.numeric.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int hash = categorical.hashCode();
        for (Map.Entry<String, double[]> e : numeric.entrySet()) {
            hash += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return hash;
    }

    /** Lists sizes rather than every value: windows hold thousands of them. */
    @Override
    public String toString() {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        numeric.forEach((name, values) -> lengths.put(name, values.length));
        return "FeatureSamples[numeric sizes=" + lengths + ", categorical=" + categorical + "]";
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, double[]> copyNumeric(Map<String, double[]> source) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        source.forEach((name, values) -> copy.put(Objects.requireNonNull(name, "feature name"),
                Objects.requireNonNull(values, () -> "values of numeric feature " + name).clone()));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Map<String, Long>> copyCategorical(Map<String, Map<String, Long>> source) {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        source.forEach((name, counts) -> {
            Objects.requireNonNull(name, "feature name");
            Objects.requireNonNull(counts, () -> "counts of categorical feature " + name);
            Map<String, Long> inner = new LinkedHashMap<>();
            counts.forEach((category, count) -> {
                if (category == null || count == null || count < 0) {
                    throw new IllegalArgumentException("categorical feature " + name
                            + " needs a name and a count ≥ 0 per category, got " + category + " → " + count);
                }
                inner.put(category, count);
            });
            copy.put(name, Collections.unmodifiableMap(inner));
        });
        return Collections.unmodifiableMap(copy);
    }
}
