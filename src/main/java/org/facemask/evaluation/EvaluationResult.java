package org.facemask.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * A report together with the files that could not be evaluated and the ones it got wrong.
 *
 * @param report the metrics over every readable image
 * @param distinct the accuracy with exact copies counted once
 * @param errors the misclassified files, most confident first
 * @param unreadable file → reason, for files that could not be decoded
 * @param model the evaluated model's name
 * @param dataset the evaluated dataset folder
 */
public record EvaluationResult(
        @JsonUnwrapped ClassificationReport report,
        @JsonUnwrapped Distinct distinct,
        @JsonProperty("errors") List<Misclassified> errors,
        @JsonProperty("unreadable") Map<String, String> unreadable,
        @JsonProperty("model") String model,
        @JsonProperty("dataset") String dataset) {

    /**
     * Accuracy over distinct files: byte-identical copies under the same label count once. Public
     * datasets hold such copies ("photo (copy).jpg"), and a split that keeps duplicate groups on one
     * side may put all copies of one hard image into validation, weighing its error several times.
     *
     * @param n distinct (content, label) pairs
     * @param accuracy share of them classified right
     */
    public record Distinct(
            @JsonProperty("n_distinct") int n,
            @JsonProperty("accuracy_distinct") double accuracy) {}

    /**
     * One file the model got wrong.
     *
     * @param file the file
     * @param truth its folder's class
     * @param predicted the model's class
     * @param confidence the model's probability for {@code predicted}
     */
    public record Misclassified(
            @JsonProperty("file") String file,
            @JsonProperty("truth") String truth,
            @JsonProperty("predicted") String predicted,
            @JsonProperty("confidence") double confidence) {}
}
