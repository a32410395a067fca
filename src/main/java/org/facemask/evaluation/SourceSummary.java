package org.facemask.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a model does on one data source: argmax over its own classes, and the two-class answer
 * {@code /predict} gives (mask vs the rest), each with its own report.
 *
 * @param n images read
 * @param accuracy argmax accuracy
 * @param ece argmax expected calibration error
 * @param recall argmax recall per class present in the source
 * @param maskOrNot mask-or-not accuracy, or NaN for a model without a {@code mask} class
 * @param maskOrNotEce mask-or-not calibration error, or NaN
 */
public record SourceSummary(
        @JsonProperty("n") int n,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("ece") double ece,
        @JsonProperty("recall") Map<String, Double> recall,
        @JsonProperty("mask_or_not_accuracy") double maskOrNot,
        @JsonProperty("mask_or_not_ece") double maskOrNotEce) {

    static SourceSummary of(ClassificationReport argmax, ClassificationReport twoClass) {
        Map<String, Double> recall = new LinkedHashMap<>();
        argmax.perClass().forEach((c, m) -> {
            if (m.support() > 0) {
                recall.put(c, m.recall());
            }
        });
        return new SourceSummary(argmax.n(), argmax.accuracy(), argmax.ece(), recall,
                twoClass == null ? Double.NaN : twoClass.accuracy(), twoClass == null ? Double.NaN : twoClass.ece());
    }

    /**
     * Formats sources as a text table, one row each.
     *
     * @param sources name → summary, in report order
     * @return the table, ending with a newline
     */
    public static String table(Map<String, SourceSummary> sources) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%-22s %6s %9s %12s %7s  %s%n",
                "source", "n", "accuracy", "mask-or-not", "ECE", "recall per class"));
        sources.forEach((name, s) -> {
            StringBuilder recall = new StringBuilder();
            s.recall().forEach((c, r) -> recall.append(String.format(Locale.ROOT, "%s %.4f  ", c, r)));
            out.append(String.format(Locale.ROOT, "%-22s %6d %9.4f %12.4f %7.4f  %s%n", name, s.n(), s.accuracy(),
                    s.maskOrNot(), s.ece(), recall.toString().strip()));
        });
        double worst = sources.values().stream().mapToDouble(SourceSummary::maskOrNot).min().orElse(Double.NaN);
        out.append(String.format(Locale.ROOT, "worst source, mask-or-not: %.4f%n", worst));
        return out.toString();
    }
}
