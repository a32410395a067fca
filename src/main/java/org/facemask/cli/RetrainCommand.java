package org.facemask.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facemask.dataset.DataSource;
import org.facemask.training.ProgressBar;
import org.facemask.training.RetrainGate;
import org.facemask.training.Retrainer;
import org.facemask.training.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code facemask retrain}: fine-tunes a base model on its sources plus feedback, and gates the result. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Fine-tune a copy of --base on the --data sources plus --feedback (a class-folder dataset,",
            "split 70/30 into OUT/feedback-split), then score candidate and base on every --gate set and on",
            "the feedback's validation split. Writes OUT/ (a model folder) with gate.json and gate.html.",
            "Exit status: 0 accepted (no worse on any gate set, better on the feedback), "
                + RetrainCommand.EXIT_REJECTED + " rejected",
            "(the candidate is kept, marked rejected; promote refuses it), 2 bad input."})
final class RetrainCommand implements Callable<Integer> {

    /** Exit status of a candidate the gate rejected. */
    static final int EXIT_REJECTED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "MODEL", description = "The model to start from.")
    Path base;

    @Option(names = "--data", paramLabel = "[NAME=]DIR[:WEIGHT]",
            description = "An original training source, as for train (split folder with train/ and val/); repeat.")
    List<String> data = new ArrayList<>();

    @Option(names = "--feedback", paramLabel = "DIR",
            description = "Reviewed feedback: class folders (mask/, no_mask/, mask_incorrect/).")
    Path feedback;

    @Option(names = "--gate", required = true, paramLabel = "[NAME=]DIR",
            description = "A gate set: class folders the candidate must do no worse on than the base; repeat.")
    List<String> gates;

    @Option(names = "--out", required = true, paramLabel = "CANDIDATE", description = "The candidate model folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the interrupted retrain in --out (its checkpoint holds the"
            + " training settings).")
    boolean resume;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-size", defaultValue = "0",
            description = "Training image size in px (default: the base model's input size).")
    int imageSize;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.0005",
            description = "Peak learning rate: lower than train's, the weights start trained"
                + " (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<DataSource> sources = new ArrayList<>();
        for (String d : data) {
            try {
                sources.add(DataSource.parse(d));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--data " + d + ": " + e.getMessage());
            }
        }
        if (sources.isEmpty() && feedback == null && !resume) {
            throw new ParameterException(spec.commandLine(), "give --data sources, --feedback, or both");
        }
        Map<String, Path> gateSets = new LinkedHashMap<>();
        for (String g : gates) {
            int eq = g.indexOf('=');
            Path dir = Path.of(eq >= 0 ? g.substring(eq + 1) : g);
            String name = eq >= 0 ? g.substring(0, eq) : String.valueOf(dir.getFileName());
            if (gateSets.put(name, dir) != null) {
                throw new ParameterException(spec.commandLine(), "two --gate sets are named " + name);
            }
        }
        TrainingOptions.Builder settings = TrainingOptions.builder().optEpochs(epochs).optBatchSize(batchSize)
                .optLearningRate(learningRate).optSeed(seed);
        Retrainer.Result result = Retrainer.retrain(base, sources, feedback, gateSets, out, settings, imageSize, resume,
                List.of(new ProgressBar(System.err, epochs)));
        RetrainGate.Decision decision = result.decision();
        var print = spec.commandLine().getOut();
        print.printf("candidate %s %s by the gate (report: %s)%n", result.candidate(), decision.word(),
                result.candidate().resolve("gate.html"));
        decision.reasons().forEach(r -> print.println("  " + r));
        return decision.accepted() ? 0 : EXIT_REJECTED;
    }
}
