package org.facemask.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.facemask.dataset.ClassFolders;
import org.facemask.evaluation.ConfusionMatrixImage;
import org.facemask.evaluation.EvaluationResult;
import org.facemask.evaluation.Evaluator;
import org.facemask.evaluation.SourceSummary;
import org.facemask.model.MaskClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask evaluate}: classification report of a model on a class-folder dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on class folders (any format, named or misnamed): classification",
            "report, confusion matrix, ROC-AUC and calibration error (ECE), accuracy over distinct files",
            "(byte-identical copies counted once) and the misclassified files, most confident first.",
            "Unreadable files are listed."})
final class EvaluateCommand implements Callable<Integer> {

    private static final int SHOWN_ERRORS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "[NAME=]DIR",
            description = {"Folder with one sub-folder per class. Repeat it to evaluate several sources: each",
                "gets a row (argmax and mask-or-not accuracy, ECE, recall per class), then the full report of all",
                "of them pooled; --json gets both."})
    List<String> data;

    @Mixin
    ModelOption model;

    @Mixin
    FlipAverageOption flip;

    @Option(names = "--mask-or-not",
            description = "Score mask vs no_mask only, as /predict answers: a three-class model's mask_incorrect"
                + " (and a dataset's) counts as no_mask.")
    boolean maskOrNot;

    @Option(names = "--resample", paramLabel = "PX",
            description = {"Shrink each image to PX on its shorter side and scale it back up before classifying:",
                "the blur of an upscaled small crop. Compare with and without to see whether the model keys",
                "on blur or resolution instead of the mask."})
    Integer resample;

    @Option(names = "--json", description = "Write the metrics as JSON here.")
    Path json;

    @Option(names = "--confusion-png", description = "Write the confusion matrix as PNG here.")
    Path confusionPng;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Map<String, ClassFolders> sources = NamedSources.scan(data, spec.commandLine());
        ClassFolders dataset = ClassFolders.union(List.copyOf(sources.values()));
        UnaryOperator<BufferedImage> degrade = resample == null ? UnaryOperator.identity()
                : Evaluator.lowResolution(resample);
        try (MaskClassifier classifier = flip.apply(model.load())) {
            Map<String, SourceSummary> perSource = new LinkedHashMap<>();
            if (sources.size() > 1) {
                sources.forEach((name, folders) ->
                        perSource.put(name, Evaluator.summarise(classifier, folders, degrade)));
                out.print(SourceSummary.table(perSource).stripLeading());
                out.println();
                out.println("all sources pooled:");
            }
            EvaluationResult result = Evaluator.evaluate(classifier, dataset, maskOrNot, degrade);
            out.print(result.report().toText());
            out.printf(Locale.ROOT, "distinct files (byte-identical copies counted once): %d, accuracy %.4f%n",
                    result.distinct().n(), result.distinct().accuracy());
            if (!result.errors().isEmpty()) {
                int shown = Math.min(SHOWN_ERRORS, result.errors().size());
                out.printf(Locale.ROOT, "%d misclassified; the %d most confident (all in --json):%n",
                        result.errors().size(), shown);
                result.errors().stream().limit(shown).forEach(e -> out.printf(Locale.ROOT,
                        "  %.3f %s (truth %s)  %s%n", e.confidence(), e.predicted(), e.truth(), e.file()));
            }
            if (!result.unreadable().isEmpty()) {
                out.println(result.unreadable().size() + " unreadable file(s), not counted:");
                result.unreadable().forEach((file, why) -> out.println("  " + why));
            }
            if (json != null) {
                Evaluator.writeJson(result, perSource, json);
            }
            if (confusionPng != null) {
                ConfusionMatrixImage.write(result.report(), confusionPng);
            }
        }
        return 0;
    }
}
