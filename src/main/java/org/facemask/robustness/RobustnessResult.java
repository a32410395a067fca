package org.facemask.robustness;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * What {@link Robustness#measure} found: accuracy and calibration on the clean faces and under
 * each camera condition, the lower-face occlusion test, and accuracy by group of faces.
 *
 * @param model the model's name
 * @param sources the measured sources (name → folder)
 * @param seed the run's seed
 * @param limit faces per class and source (0: all)
 * @param clean the scores on the faces as they are
 * @param perturbations the scores under each condition and strength, in report order
 * @param occlusion how often a covered mouth is called a mask
 * @param groups accuracy by group, every dimension in turn
 * @param flags the groups flagged by the rule of {@link Subgroups}
 * @param unreadable file → reason, for files that could not be decoded (not counted)
 * @param exampleFile the face the report shows each condition on
 */
public record RobustnessResult(
        @JsonProperty("model") String model,
        @JsonProperty("sources") Map<String, String> sources,
        @JsonProperty("seed") long seed,
        @JsonProperty("limit") int limit,
        @JsonProperty("clean") Scores clean,
        @JsonProperty("perturbations") List<Degraded> perturbations,
        @JsonProperty("occlusion") Occlusion occlusion,
        @JsonProperty("groups") List<Group> groups,
        @JsonProperty("flags") List<Group> flags,
        @JsonProperty("unreadable") Map<String, String> unreadable,
        @JsonProperty("example_file") String exampleFile) {

    /**
     * Scores over a set of faces.
     *
     * @param accuracy argmax over the model's classes (mask-or-not when the data has a class the
     *     model lacks)
     * @param maskOrNotAccuracy mask vs not: {@code mask_incorrect} counts as not protected
     * @param ece expected calibration error of the argmax confidence, 15 bins
     * @param n faces scored
     */
    public record Scores(
            @JsonProperty("accuracy") double accuracy,
            @JsonProperty("mask_or_not_accuracy") double maskOrNotAccuracy,
            @JsonProperty("ece") double ece,
            @JsonProperty("n") int n) {}

    /**
     * The scores under one condition at one strength.
     *
     * @param name the condition ({@code jpeg}, {@code blur}, ...)
     * @param level its strength in the condition's unit (docs/robustness.md)
     * @param scores the scores on the degraded faces
     */
    public record Degraded(
            @JsonProperty("name") String name,
            @JsonProperty("level") double level,
            @JsonUnwrapped Scores scores) {}

    /**
     * The covered-mouth test on the unmasked faces.
     *
     * @param n unmasked faces
     * @param cleanCalledMask share of them called {@code mask} as they are
     * @param skin a skin-coloured patch over mouth and nose
     * @param cloth a cloth-coloured patch
     */
    public record Occlusion(
            @JsonProperty("n") int n,
            @JsonProperty("clean_called_mask") double cleanCalledMask,
            @JsonProperty("skin") Share skin,
            @JsonProperty("cloth") Share cloth) {}

    /**
     * A share with its Wilson 95 % interval.
     *
     * @param count faces counted
     * @param n faces in all
     * @param share count / n (NaN for none)
     * @param ciLow lower bound
     * @param ciHigh upper bound
     */
    public record Share(
            @JsonProperty("count") int count,
            @JsonProperty("n") int n,
            @JsonProperty("share") double share,
            @JsonProperty("ci_low") double ciLow,
            @JsonProperty("ci_high") double ciHigh) {}

    /**
     * One group of faces on the clean images.
     *
     * @param dimension what groups it ({@code face_size}, {@code brightness}, ...)
     * @param group its value
     * @param n faces
     * @param accuracy argmax accuracy, with its Wilson 95 % interval
     * @param recall class → recall, for the classes present
     * @param meanConfidence the mean argmax probability
     * @param flagged whether the rule of {@link Subgroups} flags it
     */
    public record Group(
            @JsonProperty("dimension") String dimension,
            @JsonProperty("group") String group,
            @JsonProperty("n") int n,
            @JsonProperty("accuracy") Share accuracy,
            @JsonProperty("recall") Map<String, Double> recall,
            @JsonProperty("mean_confidence") double meanConfidence,
            @JsonProperty("flagged") boolean flagged) {}
}
