package org.facemask.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.ClassNames;
import org.facemask.dataset.LabeledImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;

/** Runs a classifier over a class-folder dataset and measures it. */
public final class Evaluator {

    private static final int BATCH = 32;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Evaluator() {}

    /**
     * Evaluates a classifier on a dataset. Unreadable files are reported, not fatal.
     *
     * @param classifier the model
     * @param dataset images in class folders; every class must be one the model knows
     * @return the metrics and the unreadable files
     * @throws IllegalArgumentException if the dataset has a class the model lacks
     */
    public static EvaluationResult evaluate(MaskClassifier classifier, ClassFolders dataset) {
        return evaluate(classifier, dataset, false);
    }

    /**
     * Evaluates a classifier on a dataset, optionally in the two-class view the original API
     * gives ({@link Prediction#maskOrNot()}: a three-class model's {@code mask_incorrect} counts
     * as {@code no_mask}, in the predictions and in the dataset's labels).
     *
     * @param classifier the model
     * @param dataset images in class folders
     * @param maskOrNot score mask vs no_mask only
     * @return the metrics and the unreadable files
     * @throws IllegalArgumentException if the dataset has a class the model lacks (unless {@code maskOrNot})
     */
    public static EvaluationResult evaluate(MaskClassifier classifier, ClassFolders dataset, boolean maskOrNot) {
        return evaluate(classifier, dataset, maskOrNot, UnaryOperator.identity());
    }

    /**
     * Evaluates as {@link #evaluate(MaskClassifier, ClassFolders, boolean)}, each decoded image
     * first passed through {@code degrade} (e.g. {@link #lowResolution}), to measure what the
     * model keys on.
     *
     * @param classifier the model
     * @param dataset images in class folders
     * @param maskOrNot score mask vs no_mask only
     * @param degrade applied to every decoded image before classification
     * @return the metrics and the unreadable files
     */
    public static EvaluationResult evaluate(MaskClassifier classifier, ClassFolders dataset, boolean maskOrNot,
                                            UnaryOperator<BufferedImage> degrade) {
        checkClasses(classifier, dataset, maskOrNot);
        return result(classifier, dataset, predictAll(classifier, dataset, degrade), maskOrNot);
    }

    /** The model's predictions on every readable image of a dataset, in dataset order. */
    private record Predicted(List<LabeledImage> read, List<String> contents, List<Prediction> predictions,
                             Map<String, String> unreadable) {}

    private static void checkClasses(MaskClassifier classifier, ClassFolders dataset, boolean maskOrNot) {
        for (String c : dataset.classes()) {
            // Mask-or-not folds every class into two, so any model can be scored on any dataset.
            if (!maskOrNot && !classifier.classes().contains(c)) {
                throw new IllegalArgumentException("dataset class '" + c + "' is not a class of model "
                        + classifier.metadata().name() + " " + classifier.classes());
            }
        }
    }

    private static Predicted predictAll(MaskClassifier classifier, ClassFolders dataset,
                                        UnaryOperator<BufferedImage> degrade) {
        ImageDecoder decoder = new ImageDecoder();
        Map<String, String> unreadable = new LinkedHashMap<>();
        List<LabeledImage> read = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        List<Prediction> predictions = new ArrayList<>();
        List<BufferedImage> batch = new ArrayList<>();
        for (LabeledImage image : dataset.images()) {
            try {
                byte[] bytes = Files.readAllBytes(image.path());
                batch.add(degrade.apply(decoder.decode(bytes).rgb()));
                read.add(image);
                contents.add(ClassFolders.sha256(bytes));
            } catch (IOException e) {
                unreadable.put(image.path().toString(), image.path().getFileName() + ": " + e.getMessage());
            }
            if (batch.size() == BATCH) {
                predictions.addAll(classifier.predict(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            predictions.addAll(classifier.predict(batch));
        }
        return new Predicted(read, contents, predictions, unreadable);
    }

    /** Scores predictions over the model's classes, or in the two-class view {@code /predict} gives. */
    private static EvaluationResult result(MaskClassifier classifier, ClassFolders dataset, Predicted run,
                                           boolean maskOrNot) {
        List<String> classes = maskOrNot ? List.of(ClassNames.MASK, ClassNames.NO_MASK) : classifier.classes();
        int n = run.read().size();
        int[] truths = new int[n];
        float[][] probs = new float[n][];
        for (int i = 0; i < n; i++) {
            String label = run.read().get(i).label();
            truths[i] = classes.indexOf(maskOrNot && label.equals(ClassNames.MASK_INCORRECT)
                    ? ClassNames.NO_MASK : label);
            Prediction p = run.predictions().get(i);
            Map<String, Float> probabilities = maskOrNot ? p.maskOrNot() : p.probabilities();
            probs[i] = new float[probabilities.size()];
            int k = 0;
            for (float v : probabilities.values()) {
                probs[i][k++] = v;
            }
        }
        ClassificationReport report = ClassificationReport.of(classes, truths, probs);
        return new EvaluationResult(report, distinct(run.contents(), truths, probs),
                errors(run.read(), classes, truths, probs), run.unreadable(), classifier.metadata().name(),
                dataset.root().toString());
    }

    private static EvaluationResult.Distinct distinct(List<String> contents, int[] truths, float[][] probs) {
        Map<String, Boolean> rightByContent = new HashMap<>();
        for (int i = 0; i < truths.length; i++) {
            rightByContent.put(contents.get(i) + "/" + truths[i], ClassificationReport.argMax(probs[i]) == truths[i]);
        }
        long right = rightByContent.values().stream().filter(Boolean::booleanValue).count();
        return new EvaluationResult.Distinct(rightByContent.size(),
                rightByContent.isEmpty() ? Double.NaN : right / (double) rightByContent.size());
    }

    private static List<EvaluationResult.Misclassified> errors(List<LabeledImage> images, List<String> classes,
            int[] truths, float[][] probs) {
        List<EvaluationResult.Misclassified> errors = new ArrayList<>();
        for (int i = 0; i < truths.length; i++) {
            int predicted = ClassificationReport.argMax(probs[i]);
            if (predicted != truths[i]) {
                errors.add(new EvaluationResult.Misclassified(images.get(i).path().toString(),
                        classes.get(truths[i]), classes.get(predicted), probs[i][predicted]));
            }
        }
        // Confident errors first: mislabelled files and blind spots, not coin flips.
        errors.sort(Comparator.comparingDouble(EvaluationResult.Misclassified::confidence).reversed());
        return errors;
    }

    /**
     * Summarises a classifier on one source: argmax over the model's classes and, for a model
     * with a {@code mask} class, the mask-or-not view.
     *
     * @param classifier the model
     * @param dataset the source's images
     * @return the summary
     */
    public static SourceSummary summarise(MaskClassifier classifier, ClassFolders dataset) {
        return summarise(classifier, dataset, UnaryOperator.identity());
    }

    /**
     * Summarises as {@link #summarise(MaskClassifier, ClassFolders)}, each image degraded first.
     *
     * @param classifier the model
     * @param dataset the source's images
     * @param degrade applied to every decoded image before classification
     * @return the summary
     */
    public static SourceSummary summarise(MaskClassifier classifier, ClassFolders dataset,
                                          UnaryOperator<BufferedImage> degrade) {
        boolean hasMask = classifier.classes().contains(ClassNames.MASK);
        // A two-class model on a source with mask_incorrect can only be scored mask-or-not.
        boolean argmaxPossible = classifier.classes().containsAll(dataset.classes()) || !hasMask;
        checkClasses(classifier, dataset, !argmaxPossible);
        Predicted run = predictAll(classifier, dataset, degrade); // once, for both views
        ClassificationReport twoClass = hasMask ? result(classifier, dataset, run, true).report() : null;
        ClassificationReport argmax = argmaxPossible ? result(classifier, dataset, run, false).report() : twoClass;
        return SourceSummary.of(argmax, twoClass);
    }

    /**
     * Returns a degradation that shrinks an image to {@code shortSide} px on its shorter side
     * and scales it back up to its own size: the blur of a small crop that was upscaled, as the
     * 12K set's masked crops are. If accuracy on unmasked faces falls under it, the model reads
     * blur as "mask", a shortcut rather than the mask.
     *
     * @param shortSide the intermediate shorter side in px, at least 4
     * @return the degradation (images already that small are left as they are)
     */
    public static UnaryOperator<BufferedImage> lowResolution(int shortSide) {
        if (shortSide < 4) {
            throw new IllegalArgumentException("resample size must be at least 4 px, not " + shortSide);
        }
        return image -> {
            int w = image.getWidth();
            int h = image.getHeight();
            double scale = shortSide / (double) Math.min(w, h);
            if (scale >= 1) {
                return image;
            }
            BufferedImage small = ImagePreprocessor.resize(image, Math.max(1, (int) Math.round(w * scale)),
                    Math.max(1, (int) Math.round(h * scale)));
            return ImagePreprocessor.resize(small, w, h);
        };
    }

    /**
     * Writes the result as JSON.
     *
     * @param result the result
     * @param file the JSON file
     * @throws IOException if writing fails
     */
    public static void writeJson(EvaluationResult result, Path file) throws IOException {
        JSON.writeValue(file.toFile(), result);
    }

    /**
     * Writes the pooled result and the per-source summaries as one JSON object (the pooled
     * fields as in {@link #writeJson(EvaluationResult, Path)}, plus {@code sources}).
     *
     * @param result the pooled result
     * @param sources name → summary
     * @param file the JSON file
     * @throws IOException if writing fails
     */
    public static void writeJson(EvaluationResult result, Map<String, SourceSummary> sources, Path file)
            throws IOException {
        var node = JSON.valueToTree(result);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("sources", JSON.valueToTree(sources));
        JSON.writeValue(file.toFile(), node);
    }
}
