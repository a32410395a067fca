package org.facemask.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classification metrics computed from true labels and predicted probabilities.
 *
 * @param classes class names in index order
 * @param n number of evaluated images
 * @param accuracy share of correct top-1 predictions
 * @param confusion counts, rows = truth, columns = prediction
 * @param perClass precision, recall, F1 and support per class
 * @param macroAvg unweighted mean of per-class precision, recall and F1
 * @param weightedAvg support-weighted mean of per-class precision, recall and F1
 * @param rocAuc area under the ROC curve (binary: score of the second class; otherwise the
 *     macro mean of one-vs-rest over the classes present), NaN when no class has both kinds
 * @param ece expected calibration error over 15 equal-width confidence bins
 */
@SuppressWarnings("ArrayRecordComponent") // a JSON value carrier, never compared or hashed
public record ClassificationReport(
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("n") int n,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("confusion") int[][] confusion,
        @JsonProperty("per_class") Map<String, ClassMetrics> perClass,
        @JsonProperty("macro_avg") ClassMetrics macroAvg,
        @JsonProperty("weighted_avg") ClassMetrics weightedAvg,
        @JsonProperty("roc_auc") double rocAuc,
        @JsonProperty("ece") double ece) {

    static final int CALIBRATION_BINS = 15;

    /**
     * Precision, recall, F1 and support of one class (or an average).
     *
     * @param precision correct among predicted as this class
     * @param recall found among truly this class
     * @param f1 harmonic mean of precision and recall
     * @param support number of images truly of this class
     */
    public record ClassMetrics(
            @JsonProperty("precision") double precision,
            @JsonProperty("recall") double recall,
            @JsonProperty("f1") double f1,
            @JsonProperty("support") int support) {}

    /**
     * Computes the report.
     *
     * @param classes class names in index order
     * @param truth true class index per image
     * @param probabilities predicted probabilities per image, in class order
     * @return the report
     */
    public static ClassificationReport of(List<String> classes, int[] truth, float[][] probabilities) {
        int k = classes.size();
        if (truth.length != probabilities.length) {
            throw new IllegalArgumentException("truth and probabilities differ in length");
        }
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int predicted = argMax(probabilities[i]);
            confusion[truth[i]][predicted]++;
            correct += predicted == truth[i] ? 1 : 0;
        }
        Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
        double[] macro = new double[3];
        double[] weighted = new double[3];
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = Arrays.stream(confusion[c]).sum();
            int predicted = 0;
            for (int[] row : confusion) {
                predicted += row[c];
            }
            double precision = predicted == 0 ? 0 : tp / (double) predicted;
            double recall = support == 0 ? 0 : tp / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(classes.get(c), new ClassMetrics(precision, recall, f1, support));
            double[] values = {precision, recall, f1};
            for (int j = 0; j < 3; j++) {
                macro[j] += values[j] / k;
                weighted[j] += truth.length == 0 ? 0 : values[j] * support / truth.length;
            }
        }
        return new ClassificationReport(List.copyOf(classes), truth.length,
                truth.length == 0 ? 0 : correct / (double) truth.length, confusion, perClass,
                new ClassMetrics(macro[0], macro[1], macro[2], truth.length),
                new ClassMetrics(weighted[0], weighted[1], weighted[2], truth.length),
                rocAuc(k, truth, probabilities), ece(truth, probabilities));
    }

    /** Formats the report like scikit-learn's {@code classification_report}, plus the extras. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(12, classes.stream().mapToInt(String::length).max().orElse(0) + 2);
        String row = "%" + width + "s %10s %10s %10s %10s%n";
        String num = "%" + width + "s %10.4f %10.4f %10.4f %10d%n";
        sb.append(String.format(Locale.ROOT, row, "", "precision", "recall", "f1-score", "support"));
        perClass.forEach((name, m) -> sb.append(String.format(Locale.ROOT, num, name, m.precision(), m.recall(),
                m.f1(), m.support())));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%" + width + "s %10s %10s %10.4f %10d%n", "accuracy", "", "",
                accuracy, n));
        sb.append(String.format(Locale.ROOT, num, "macro avg", macroAvg.precision(), macroAvg.recall(),
                macroAvg.f1(), n));
        sb.append(String.format(Locale.ROOT, num, "weighted avg", weightedAvg.precision(), weightedAvg.recall(),
                weightedAvg.f1(), n));
        sb.append('\n').append("confusion matrix (rows = truth, columns = prediction)\n");
        sb.append(String.format(Locale.ROOT, "%" + width + "s", ""));
        classes.forEach(c -> sb.append(String.format(Locale.ROOT, " %10s", c)));
        sb.append('\n');
        for (int r = 0; r < classes.size(); r++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "s", classes.get(r)));
            for (int v : confusion[r]) {
                sb.append(String.format(Locale.ROOT, " %10d", v));
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT, "ROC-AUC %.4f   ECE %.4f%n", rocAuc, ece));
        return sb.toString();
    }

    /**
     * Returns the index of the largest probability (the first, on ties).
     *
     * @param p probabilities in class order
     * @return the predicted class index
     */
    public static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double rocAuc(int k, int[] truth, float[][] probabilities) {
        if (k == 2) {
            return binaryAuc(truth, probabilities, 1);
        }
        // One-vs-rest, averaged over the classes the data has: a class with no image (e.g.
        // mask_incorrect on a two-class set) has no ROC curve and would make the mean NaN.
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < k; c++) {
            double auc = binaryAuc(truth, probabilities, c);
            if (!Double.isNaN(auc)) {
                sum += auc;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    /** Mann-Whitney AUC of class {@code positive} against the rest, ties counted half. */
    private static double binaryAuc(int[] truth, float[][] probabilities, int positive) {
        List<double[]> scored = new ArrayList<>();
        long positives = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean pos = truth[i] == positive;
            positives += pos ? 1 : 0;
            scored.add(new double[] {probabilities[i][positive], pos ? 1 : 0});
        }
        long negatives = truth.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        scored.sort((a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        int i = 0;
        while (i < scored.size()) {
            int j = i;
            while (j < scored.size() && scored.get(j)[0] == scored.get(i)[0]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0;
            for (int t = i; t < j; t++) {
                rankSum += scored.get(t)[1] * averageRank;
            }
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double ece(int[] truth, float[][] probabilities) {
        double[] confidence = new double[CALIBRATION_BINS];
        double[] hits = new double[CALIBRATION_BINS];
        int[] count = new int[CALIBRATION_BINS];
        for (int i = 0; i < truth.length; i++) {
            int predicted = argMax(probabilities[i]);
            double conf = probabilities[i][predicted];
            int bin = Math.min(CALIBRATION_BINS - 1, (int) (conf * CALIBRATION_BINS));
            confidence[bin] += conf;
            hits[bin] += predicted == truth[i] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs(hits[b] - confidence[b]) / truth.length;
            }
        }
        return ece;
    }
}
