package org.facemask.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;

/**
 * A report together with the files that could not be evaluated.
 *
 * @param report the metrics over every readable image
 * @param unreadable file → reason, for files that could not be decoded
 * @param model the evaluated model's name
 * @param dataset the evaluated dataset folder
 */
public record EvaluationResult(
        @JsonUnwrapped ClassificationReport report,
        @JsonProperty("unreadable") Map<String, String> unreadable,
        @JsonProperty("model") String model,
        @JsonProperty("dataset") String dataset) {}
