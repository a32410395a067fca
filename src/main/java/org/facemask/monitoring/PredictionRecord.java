package org.facemask.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.facemask.detection.PeopleCount;

/**
 * One prediction as the log keeps it; never the image itself.
 *
 * @param time when the prediction was made
 * @param requestId the HTTP request id (several records share it in a batch request)
 * @param endpoint the route that served it, e.g. {@code /predict}
 * @param modelName the model's name
 * @param modelVersion the model's version (its creation time)
 * @param label the predicted class
 * @param confidence the predicted class's probability
 * @param probabilities every class's probability
 * @param latencyMillis time from request start to prediction
 * @param image what the image looked like
 * @param people who was in it, by face detection; null when no detection ran
 * @param faces the faces found, in the answer's order; null when no detection ran
 */
public record PredictionRecord(Instant time, String requestId, String endpoint, String modelName,
        String modelVersion, String label, double confidence, Map<String, Float> probabilities,
        double latencyMillis, ImageFeatures image, PeopleCount people, List<LoggedFace> faces) {

    /** A record with the people counted but without the faces' boxes. */
    public PredictionRecord(Instant time, String requestId, String endpoint, String modelName,
            String modelVersion, String label, double confidence, Map<String, Float> probabilities,
            double latencyMillis, ImageFeatures image, PeopleCount people) {
        this(time, requestId, endpoint, modelName, modelVersion, label, confidence, probabilities, latencyMillis, image,
                people, null);
    }

    /** A record of a whole-image prediction, without face detection. */
    public PredictionRecord(Instant time, String requestId, String endpoint, String modelName,
            String modelVersion, String label, double confidence, Map<String, Float> probabilities,
            double latencyMillis, ImageFeatures image) {
        this(time, requestId, endpoint, modelName, modelVersion, label, confidence, probabilities, latencyMillis, image,
                null, null);
    }
}
