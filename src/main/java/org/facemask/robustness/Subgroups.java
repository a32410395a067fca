package org.facemask.robustness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.facemask.evaluation.ClassificationReport;

/**
 * Accuracy by group of faces, and the rule that flags a group.
 *
 * <p><b>Flag rule.</b> A group is flagged when its accuracy is more than 2 points below the
 * overall accuracy <em>and</em> the upper end of its Wilson 95 % interval is too: even the most
 * favourable reading of its sample leaves it more than 2 points short. A group of 3 faces with
 * one error (0.67, interval 0.21–0.94) is not flagged beside an overall 0.95; 100 faces at 0.85
 * (interval 0.77–0.91) are.
 */
final class Subgroups {

    /** How far below overall a group must be, on its point estimate and its upper bound. */
    static final double MARGIN = 0.02;
    static final double CONFIDENCE = 0.95;

    static final String FACE_SIZE = "face_size";
    static final String BRIGHTNESS = "brightness_quartile";
    static final String COLOUR = "colour";
    static final String SOURCE = "source";
    static final String SKIN_TONE = "skin_tone_ita";
    static final String GROUPS_FILE = "groups_file";

    private static final int[] SIZE_EDGES = {32, 64, 128};

    private Subgroups() {}

    /**
     * One face's clean result, with what groups it.
     *
     * @param source its source's name
     * @param features measured on the clean crop
     * @param fileGroup its group in the {@code --groups} file, or null
     * @param truth its class index in the scored class list
     * @param probabilities the model's probabilities in that list's order
     */
    @SuppressWarnings("ArrayRecordComponent") // a value carrier inside one run, never compared or hashed
    record Face(String source, FaceFeatures features, String fileGroup, int truth, float[] probabilities) {}

    /**
     * The flag rule.
     *
     * @param accuracy the group's accuracy
     * @param upper the upper end of its Wilson interval
     * @param overall the accuracy over all faces
     * @return whether to flag it
     */
    static boolean flagged(double accuracy, double upper, double overall) {
        return accuracy < overall - MARGIN && upper < overall - MARGIN;
    }

    /**
     * A share with its Wilson interval (Commons Math).
     *
     * @param count successes
     * @param n trials; 0 gives NaN throughout
     * @return the share
     */
    static RobustnessResult.Share share(int count, int n) {
        if (n == 0) {
            return new RobustnessResult.Share(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(n, count, CONFIDENCE);
        return new RobustnessResult.Share(count, n, count / (double) n, ci.getLowerBound(), ci.getUpperBound());
    }

    /**
     * Groups the faces by every dimension and scores each group.
     *
     * @param faces the clean results
     * @param classes the scored classes, in index order
     * @param overall the accuracy over all faces
     * @return the groups, dimension by dimension
     */
    static List<RobustnessResult.Group> groups(List<Face> faces, List<String> classes, double overall) {
        double[] quartiles = quartiles(faces);
        Map<String, Function<Face, Key>> dimensions = new LinkedHashMap<>();
        dimensions.put(FACE_SIZE, f -> sizeBucket(f.features().shortSide()));
        dimensions.put(BRIGHTNESS, f -> brightnessQuartile(f.features().meanLuma(), quartiles));
        dimensions.put(COLOUR, f -> new Key(0, f.features().grayscale() ? "grayscale" : "colour"));
        dimensions.put(SOURCE, f -> new Key(0, f.source()));
        dimensions.put(SKIN_TONE, f -> itaKey(f.features()));
        if (faces.stream().anyMatch(f -> f.fileGroup() != null)) {
            dimensions.put(GROUPS_FILE, f -> new Key(0, f.fileGroup() == null ? "(not in file)" : f.fileGroup()));
        }
        List<RobustnessResult.Group> groups = new ArrayList<>();
        dimensions.forEach((dimension, keyOf) -> {
            Map<Key, List<Face>> byKey = new TreeMap<>(Comparator.comparingInt(Key::order).thenComparing(Key::label));
            for (Face face : faces) {
                byKey.computeIfAbsent(keyOf.apply(face), k -> new ArrayList<>()).add(face);
            }
            byKey.forEach((key, members) -> groups.add(group(dimension, key.label(), members, classes, overall)));
        });
        return groups;
    }

    private static RobustnessResult.Group group(String dimension, String label, List<Face> members,
                                                List<String> classes, double overall) {
        int[] support = new int[classes.size()];
        int[] found = new int[classes.size()];
        int correct = 0;
        double confidence = 0;
        for (Face face : members) {
            int predicted = ClassificationReport.argMax(face.probabilities());
            support[face.truth()]++;
            if (predicted == face.truth()) {
                found[face.truth()]++;
                correct++;
            }
            confidence += face.probabilities()[predicted];
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            if (support[c] > 0) {
                recall.put(classes.get(c), found[c] / (double) support[c]);
            }
        }
        RobustnessResult.Share accuracy = share(correct, members.size());
        return new RobustnessResult.Group(dimension, label, members.size(), accuracy, recall,
                confidence / members.size(), flagged(accuracy.share(), accuracy.ciHigh(), overall));
    }

    /** A group's label and its place in the table. */
    private record Key(int order, String label) {}

    private static Key sizeBucket(int shortSide) {
        int bucket = 0;
        while (bucket < SIZE_EDGES.length && shortSide >= SIZE_EDGES[bucket]) {
            bucket++;
        }
        String label = bucket == 0 ? "<" + SIZE_EDGES[0] + " px"
                : bucket == SIZE_EDGES.length ? ">=" + SIZE_EDGES[bucket - 1] + " px"
                : SIZE_EDGES[bucket - 1] + "-" + (SIZE_EDGES[bucket] - 1) + " px";
        return new Key(bucket, label);
    }

    /** The 25th, 50th and 75th percentile of the faces' mean luma. */
    private static double[] quartiles(List<Face> faces) {
        double[] luma = faces.stream().mapToDouble(f -> f.features().meanLuma()).toArray();
        if (luma.length == 0) {
            return new double[3];
        }
        Percentile percentile = new Percentile();
        percentile.setData(luma);
        return new double[] {percentile.evaluate(25), percentile.evaluate(50), percentile.evaluate(75)};
    }

    private static Key brightnessQuartile(double luma, double[] quartiles) {
        int q = 0;
        while (q < quartiles.length && luma > quartiles[q]) {
            q++;
        }
        String[] names = {"Q1 darkest", "Q2", "Q3", "Q4 brightest"};
        String range = q == 0 ? String.format(Locale.ROOT, "luma <= %.0f", quartiles[0])
                : q == quartiles.length ? String.format(Locale.ROOT, "luma > %.0f", quartiles[q - 1])
                : String.format(Locale.ROOT, "luma %.0f-%.0f", quartiles[q - 1], quartiles[q]);
        return new Key(q, names[q] + " (" + range + ")");
    }

    private static Key itaKey(FaceFeatures features) {
        if (features.grayscale()) {
            return new Key(FaceFeatures.itaBin(Double.NaN) + 1, "undetermined (grayscale)");
        }
        return new Key(FaceFeatures.itaBin(features.ita()), FaceFeatures.itaCategory(features.ita()));
    }
}
