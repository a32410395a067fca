package org.facemask.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.facemask.dataset.ClassFolders;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.monitoring.ClassShareBucket;
import org.facemask.monitoring.DriftDetector;
import org.facemask.monitoring.DriftResult;
import org.facemask.monitoring.FeatureSamples;
import org.facemask.monitoring.Instants;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.ReferenceProfile;
import org.facemask.report.DriftReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask drift}: compares a window of logged predictions with a reference; the exit code tells. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Compare the predictions logged in a time window with a reference (the model's",
            "reference.json, or a dataset measured now): per-feature tests, an overall verdict, an HTML report.",
            "Exit status: 0 no drift, " + DriftCommand.EXIT_DRIFT + " drift, 2 bad input."})
final class DriftCommand implements Callable<Integer> {

    /** Exit status when drift is found, for schedulers to alert on. */
    static final int EXIT_DRIFT = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    PredictionLogOption log;

    @Option(names = "--from",
            description = "Window start: ISO-8601 instant or epoch ms (default: 24 hours before --to).")
    String from;

    @Option(names = "--to", description = "Window end, exclusive (default: now).")
    String to;

    @Option(names = "--reference", paramLabel = "MODEL|DATASET",
            description = "A model folder (its reference.json) or class folders to measure"
                + " (default: the --model's profile).")
    Path reference;

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, description = "HTML report to write.")
    Path out;

    @Option(names = "--json", description = "Also write the result as JSON here.")
    Path json;

    @Option(names = "--limit", defaultValue = "20000",
            description = "Newest predictions of the window compared (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--alpha", defaultValue = "0.05",
            description = "False-alarm rate of the overall verdict (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-effect", defaultValue = "0.1",
            description = "Smallest shift that counts: Wasserstein distance in reference std units, or PSI"
                + " (default: ${DEFAULT-VALUE}).")
    double minEffect;

    @Override
    public Integer call() throws Exception {
        Instant end = instant("--to", to, Instant.now());
        Instant start = instant("--from", from, end.minus(Duration.ofDays(1)));
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        String url = log.url();
        if (url == null) {
            throw new IllegalArgumentException("the prediction log is off; name one with --prediction-log");
        }
        FeatureSamples referenceSamples = reference();
        FeatureSamples current;
        List<ClassShareBucket> shares;
        try (PredictionLogReader predictions = PredictionLogReader.openReadOnly(url)) {
            current = predictions.window(start, end, limit);
            shares = predictions.classShare(start, end, bucketFor(Duration.between(start, end)));
        }
        DriftResult result = new DriftDetector(alpha, minEffect).compare(referenceSamples, current);
        DriftReport.writeHtml(result, referenceSamples, current, shares,
                "Drift report: " + start + " to " + end, out);
        if (json != null) {
            DriftReport.writeJson(result, json);
        }
        var printer = spec.commandLine().getOut();
        printer.println(result.summary());
        printer.println("report: " + out);
        return result.drifted() ? EXIT_DRIFT : 0;
    }

    private FeatureSamples reference() throws IOException {
        Path source = reference != null ? reference : model.resolve();
        if (Files.exists(source.resolve(ModelArtifact.METADATA_FILE))) {
            return ReferenceProfile.read(source).orElseThrow(() -> new IllegalArgumentException("model " + source
                    + " has no " + ReferenceProfile.FILE + " (trained before profiles): run 'facemask profile --model "
                    + source + " --data DATASET' once, or pass --reference DATASET"));
        }
        ClassFolders dataset = ClassFolders.scan(source);
        try (MaskClassifier classifier = model.load()) {
            return ReferenceProfile.compute(classifier, dataset.images());
        }
    }

    /** About a day's worth of buckets whatever the window: minutes up to 2 h, hours up to 4 days. */
    private static Duration bucketFor(Duration window) {
        if (window.compareTo(Duration.ofHours(2)) <= 0) {
            return Duration.ofMinutes(1);
        }
        return window.compareTo(Duration.ofDays(4)) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
    }

    private static Instant instant(String option, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instants.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
