package org.facemask.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects predictions into the {@link FeatureSamples} drift compares: the image features, the
 * confidence, and the predicted label and image format as categories. The same definition
 * serves the reference profile and the logged window, so both sides always match.
 */
final class Observations {

    /** Numeric features beyond the image's own. */
    static final String CONFIDENCE = "confidence";
    /** Categorical features. */
    static final String LABEL = "label";
    static final String FORMAT = "format";

    private final Map<String, List<Double>> numeric = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> categorical = new LinkedHashMap<>();

    Observations() {
        for (String name : ImageFeatures.NUMERIC) {
            numeric.put(name, new ArrayList<>());
        }
        numeric.put(CONFIDENCE, new ArrayList<>());
        categorical.put(LABEL, new LinkedHashMap<>());
        categorical.put(FORMAT, new LinkedHashMap<>());
    }

    /** Adds one prediction. */
    void add(ImageFeatures image, String label, double confidence) {
        for (String name : ImageFeatures.NUMERIC) {
            numeric.get(name).add(image.numeric(name));
        }
        numeric.get(CONFIDENCE).add(confidence);
        categorical.get(LABEL).merge(label, 1L, Long::sum);
        categorical.get(FORMAT).merge(image.format(), 1L, Long::sum);
    }

    /** Returns what was added. */
    FeatureSamples toSamples() {
        Map<String, double[]> values = new LinkedHashMap<>();
        numeric.forEach((name, list) -> values.put(name, list.stream().mapToDouble(Double::doubleValue).toArray()));
        return new FeatureSamples(values, categorical);
    }
}
