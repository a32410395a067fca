package org.facemask.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.PeopleCount;
import org.facemask.model.Prediction;
import org.facemask.serving.ClassificationService;
import org.facemask.serving.LiveModel;

/** The JSON bodies of the API, as Jackson writes them; names follow the documented contract. */
final class ApiResponses {

    private ApiResponses() {}

    /** Every error answer. */
    record ErrorBody(String error, String message) {}

    /** Every error answer under {@code /v2}: the protocol's description, and the code of {@link ErrorBody}. */
    record OpenInferenceError(String error, String code) {}

    /** One batch file that failed alone; the others still get their answer. */
    record FailedFile(String file, String error, String message, int status) {}

    /** The answer of {@code /v1/predict}, and of each file of a batch ({@code file} set). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Classification(String label, float confidence, Map<String, Float> probabilities, Model model, Image image,
                          List<Face> faces, Summary summary, @JsonProperty("timings_ms") Timings timings,
                          @JsonProperty("request_id") String requestId, String file) {

        /** Returns the same answer naming the batch file it is for. */
        Classification forFile(String name) {
            return new Classification(label, confidence, probabilities, model, image, faces, summary, timings,
                    requestId, name);
        }
    }

    /** Which model answered; {@code registry_version} only when it came from a model registry. */
    record Model(String name, String version,
                 @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("registry_version") String registryVersion,
                 String backend, @JsonProperty("flip_average") boolean flipAverage) {}

    /** The answer of {@code GET /v1/model}: the model serving now. */
    record ModelDescription(String name, String version,
                            @JsonProperty("registry_version") String registryVersion, List<String> classes,
                            @JsonProperty("input_size") int inputSize, String backend,
                            @JsonProperty("flip_average") boolean flipAverage,
                            @JsonProperty("loaded_at") String loadedAt) {

        static ModelDescription of(LiveModel.Info info, String backend) {
            return new ModelDescription(info.metadata().name(), info.version(), info.registryVersion(),
                    info.metadata().classes(), info.metadata().inputSize(), backend, info.flipAveraging(),
                    info.loadedAt().toString());
        }
    }

    /** What the upload was. */
    record Image(int width, int height, String format) {}

    /** One face found and its class; {@code landmarks} only from a detector that gives them. */
    @SuppressWarnings("ArrayRecordComponent") // a JSON value carrier, never compared or hashed
    record Face(Box box, String label, float confidence, Map<String, Float> probabilities,
                @JsonProperty("detector_score") double detectorScore,
                @JsonInclude(JsonInclude.Include.NON_NULL) double[][] landmarks) {

        static Face of(ClassificationService.Face face) {
            DetectedFace b = face.box();
            Prediction p = face.prediction();
            double[][] points = null;
            if (b.landmarks() != null) {
                // A tenth of a pixel is all a crop needs; more digits are noise in the answer.
                points = b.landmarks().points();
                for (double[] point : points) {
                    point[0] = Math.round(point[0] * 10) / 10.0;
                    point[1] = Math.round(point[1] * 10) / 10.0;
                }
            }
            return new Face(new Box((int) Math.floor(b.x1()), (int) Math.floor(b.y1()), (int) Math.ceil(b.x2()),
                    (int) Math.ceil(b.y2())), p.label(), p.confidence(), p.probabilities(),
                    Math.round(b.score() * 1000) / 1000.0, points);
        }
    }

    /** A face's box in the upload's own pixels. */
    record Box(int x1, int y1, int x2, int y2) {}

    /**
     * What an operator wants from one image: how many people, how many wear a mask properly;
     * {@code basis} says whether faces were counted or the whole image classified.
     */
    record Summary(int faces, int masked, int unmasked, int incorrect, Double compliance, String basis) {

        static Summary of(PeopleCount people) {
            return new Summary(people.faces(), people.masked(), people.unmasked(), people.incorrect(),
                    ApiResponses.compliance(people), people.faces() > 0 ? "faces" : "whole_image");
        }
    }

    /** Where the time went, in ms (see {@link ClassificationService.Stages}). */
    record Timings(double decode, double detection, double queue, double inference, double log, double total) {

        static Timings of(ClassificationService.Stages s, double total) {
            return new Timings(millis(s.decode()), millis(s.detection()), millis(s.queue()), millis(s.inference()),
                    millis(s.log()), millis(total));
        }
    }

    /** The answer of {@code /v1/predict/batch}. */
    record Batch(@JsonProperty("request_id") String requestId, List<Object> results) {}

    /**
     * The share of people masked properly, to 3 decimals; null when nobody was counted (no face
     * found): no compliance rather than a made-up 0 or 1.
     */
    static Double compliance(PeopleCount people) {
        return people.people() == 0 ? null : Math.round(people.compliance() * 1000) / 1000.0;
    }

    static double millis(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
