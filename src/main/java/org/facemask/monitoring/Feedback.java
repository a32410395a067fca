package org.facemask.monitoring;

import java.time.Instant;

/**
 * A label a person gave a logged prediction: the class the image (or one of its faces) really
 * shows.
 *
 * @param requestId the prediction's request id
 * @param face the face's index in the answer, or null for the whole image
 * @param label the class, e.g. {@code no_mask}
 * @param time when it was given (the latest repeat's time)
 */
public record Feedback(String requestId, Integer face, String label, Instant time) {}
