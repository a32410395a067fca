package org.facemask.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.facemask.evaluation.SourceSummary;

/**
 * The retrain gate's rule: a candidate is accepted when it is no worse than the base model on
 * every gate set and, when there is feedback, better on the feedback's validation split.
 *
 * <p>"No worse" allows the candidate's accuracy to fall by the larger of half a point and the
 * half-width of the 95 % Wilson interval around the base's accuracy on that set: a smaller drop
 * cannot be told from the luck of which images the set holds, and refusing it would refuse good
 * candidates on small gate sets at random. On a large set the interval is narrow and half a point
 * is the floor (e.g. 2,465 images at 97 %: ±0.7 points).
 */
public final class RetrainGate {

    /** The smallest drop in accuracy the gate tolerates, whatever the set's size. */
    public static final double MIN_TOLERANCE = 0.005;
    private static final double CONFIDENCE = 0.95;

    /**
     * How base and candidate compare on one set.
     *
     * @param name the set
     * @param n images scored
     * @param base the base model's accuracy
     * @param candidate the candidate's accuracy
     * @param baseMaskOrNot the base's mask-or-not accuracy (NaN without a mask class)
     * @param candidateMaskOrNot the candidate's mask-or-not accuracy
     * @param tolerance the largest drop allowed (gate sets), or 0 (feedback: it must rise)
     * @param passed whether the candidate passes on this set
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Comparison(
            @JsonProperty("name") String name,
            @JsonProperty("n") int n,
            @JsonProperty("base_accuracy") double base,
            @JsonProperty("candidate_accuracy") double candidate,
            @JsonProperty("base_mask_or_not_accuracy") Double baseMaskOrNot,
            @JsonProperty("candidate_mask_or_not_accuracy") Double candidateMaskOrNot,
            @JsonProperty("tolerance") double tolerance,
            @JsonProperty("passed") boolean passed) {}

    /**
     * The gate's verdict.
     *
     * @param accepted whether the candidate may be promoted
     * @param reasons why not, one line per failed set (empty when accepted)
     * @param gates per gate set
     * @param feedback on the feedback validation split, or null without feedback
     */
    public record Decision(boolean accepted, List<String> reasons, List<Comparison> gates, Comparison feedback) {

        /** Returns {@code accepted} or {@code rejected}, as the report writes it. */
        public String word() {
            return accepted ? "accepted" : "rejected";
        }
    }

    private RetrainGate() {}

    /**
     * Applies the rule.
     *
     * @param baseOnGates the base model per gate set, in order
     * @param candidateOnGates the candidate per gate set, same keys
     * @param baseOnFeedback the base on the feedback validation split, or null without feedback
     * @param candidateOnFeedback the candidate on it, or null
     * @return the decision
     */
    public static Decision decide(Map<String, SourceSummary> baseOnGates, Map<String, SourceSummary> candidateOnGates,
            SourceSummary baseOnFeedback, SourceSummary candidateOnFeedback) {
        List<Comparison> gates = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        baseOnGates.forEach((name, base) -> {
            SourceSummary candidate = candidateOnGates.get(name);
            double tolerance = tolerance(base.accuracy(), base.n());
            boolean passed = candidate.accuracy() >= base.accuracy() - tolerance;
            gates.add(compare(name, base, candidate, tolerance, passed));
            if (!passed) {
                reasons.add(String.format(Locale.ROOT, "%s: accuracy %.4f, base %.4f: down by more than the %.4f"
                        + " allowed", name, candidate.accuracy(), base.accuracy(), tolerance));
            }
        });
        Comparison feedback = null;
        if (baseOnFeedback != null) {
            boolean better = candidateOnFeedback.accuracy() > baseOnFeedback.accuracy();
            feedback = compare("feedback", baseOnFeedback, candidateOnFeedback, 0, better);
            if (!better) {
                reasons.add(String.format(Locale.ROOT, "feedback validation: accuracy %.4f, not above the base's %.4f",
                        candidateOnFeedback.accuracy(), baseOnFeedback.accuracy()));
            }
        }
        return new Decision(reasons.isEmpty(), List.copyOf(reasons), List.copyOf(gates), feedback);
    }

    /**
     * The largest accuracy drop tolerated on a set: the half-width of the 95 % Wilson interval
     * around the base's accuracy, at least {@value #MIN_TOLERANCE}.
     *
     * @param accuracy the base's accuracy on the set
     * @param n the set's size
     * @return the tolerance, as a fraction
     */
    public static double tolerance(double accuracy, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("a gate set needs images");
        }
        var interval = new WilsonScoreInterval().createInterval(n, (int) Math.round(accuracy * n), CONFIDENCE);
        return Math.max(MIN_TOLERANCE, (interval.getUpperBound() - interval.getLowerBound()) / 2);
    }

    private static Comparison compare(String name, SourceSummary base, SourceSummary candidate, double tolerance,
            boolean passed) {
        return new Comparison(name, base.n(), base.accuracy(), candidate.accuracy(), finite(base.maskOrNot()),
                finite(candidate.maskOrNot()), tolerance, passed);
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
