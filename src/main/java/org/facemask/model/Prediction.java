package org.facemask.model;

import java.util.Map;

/**
 * A classification of one image.
 *
 * @param label the most probable class
 * @param confidence its probability
 * @param probabilities class → probability, in the model's class order; sums to 1
 */
public record Prediction(String label, float confidence, Map<String, Float> probabilities) {}
