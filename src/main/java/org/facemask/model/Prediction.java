package org.facemask.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classification of one image.
 *
 * @param label the most probable class
 * @param confidence its probability
 * @param probabilities class → probability, in the model's class order; sums to 1
 */
public record Prediction(String label, float confidence, Map<String, Float> probabilities) {

    private static final String MASK = "mask";
    private static final String NO_MASK = "no_mask";

    /**
     * Returns the two-class view {@code {"mask": p, "no_mask": 1 - p}} that the original API
     * promised. A mask worn incorrectly (nose or mouth uncovered) does not protect, so a
     * three-class model's {@code mask_incorrect} counts as {@code no_mask} here.
     *
     * @return mask and no_mask probabilities summing to 1
     */
    public Map<String, Float> maskOrNot() {
        float mask = probabilities.getOrDefault(MASK, 0f);
        Map<String, Float> view = new LinkedHashMap<>();
        view.put(MASK, mask);
        view.put(NO_MASK, 1f - mask);
        return view;
    }
}
