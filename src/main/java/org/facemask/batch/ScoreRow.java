package org.facemask.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.facemask.detection.DetectedFace;
import org.facemask.model.Prediction;
import org.facemask.serving.ClassificationService;

/**
 * One output row: a file's classification, or the error that kept it from one.
 *
 * @param path the file, as {@link ImageFiles.ImageFile#path()} names it
 * @param label the most probable class; null for an error row
 * @param confidence its probability; null for an error row
 * @param probabilities class → probability in the model's class order; null for an error row
 * @param faces the faces found and their classes, with {@code --faces}; null otherwise
 * @param error what went wrong, e.g. {@code corrupt_image}; null when classified
 * @param message the error for people; null when classified
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScoreRow(String path, String label, Float confidence, Map<String, Float> probabilities, List<Face> faces,
                String error, String message) {

    /**
     * One face found in the file.
     *
     * @param box {@code [x1, y1, x2, y2]} in the file's own pixels, as {@code /v1/predict} gives it
     * @param detectorScore the detector's face score
     * @param label the face's most probable class
     * @param confidence its probability
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Face(List<Integer> box, @JsonProperty("detector_score") Double detectorScore, String label,
                Float confidence) {

        static Face of(ClassificationService.Face face) {
            DetectedFace b = face.box();
            return new Face(List.of((int) Math.floor(b.x1()), (int) Math.floor(b.y1()), (int) Math.ceil(b.x2()),
                    (int) Math.ceil(b.y2())), Math.round(b.score() * 1000) / 1000.0, face.prediction().label(),
                    face.prediction().confidence());
        }
    }

    /** Returns the row of a classified file. */
    static ScoreRow classified(String path, ClassificationService.Classified c) {
        Prediction p = c.prediction();
        List<Face> faces = c.faces() == null ? null : c.faces().stream().map(Face::of).toList();
        return new ScoreRow(path, p.label(), p.confidence(), p.probabilities(), faces, null, null);
    }

    /** Returns the row of a file that could not be classified; the message is kept to one line. */
    static ScoreRow failed(String path, String error, String message) {
        return new ScoreRow(path, null, null, null, null, error,
                message == null ? error : message.replaceAll("\\s+", " ").strip());
    }

    /** Returns whether this row is an error row. */
    boolean failed() {
        return error != null;
    }
}
