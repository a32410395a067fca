package org.facemask.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.DataSource;
import org.facemask.dataset.DatasetSplitter;
import org.facemask.evaluation.Evaluator;
import org.facemask.evaluation.SourceSummary;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelMetadata;
import org.facemask.model.ModelRegistry;

/**
 * Retraining with a gate: fine-tunes a copy of a base model on its sources plus feedback data,
 * scores candidate and base on the same gate sets and the feedback's validation split, and
 * writes the decision ({@link RetrainGate}) next to the candidate as {@value ModelRegistry#GATE_FILE}
 * and {@code gate.html}. A rejected candidate is kept, marked rejected; the registry refuses it.
 */
public final class Retrainer {

    /** The folder in the candidate that holds the feedback data split into {@code train/} and {@code val/}. */
    public static final String FEEDBACK_SPLIT = "feedback-split";
    /** The feedback's source name in the candidate's training record and the gate report. */
    public static final String FEEDBACK_SOURCE = "feedback";
    private static final double FEEDBACK_VAL_FRACTION = 0.3;
    // Near-duplicate feedback images (the same person twice) stay on one side of the split.
    private static final int NEAR_DUPLICATE_BITS = 8;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a retrain produced.
     *
     * @param candidate the candidate model folder
     * @param decision the gate's decision
     */
    public record Result(Path candidate, RetrainGate.Decision decision) {}

    private Retrainer() {}

    /**
     * Retrains and gates.
     *
     * @param base the model to start from: its weights, classes and input size
     * @param sources the original training sources (split folders)
     * @param feedback a class-folder dataset of reviewed feedback, or null
     * @param gates gate sets: name → class-folder dataset
     * @param out the candidate folder to write
     * @param settings epochs, batch size, learning rate, seed (sources, output and start weights are set here)
     * @param imageSize the training image size, or 0 for the base model's input size
     * @param resume continue the interrupted run in {@code out} instead of starting anew
     * @param listeners told about training progress
     * @return the candidate and the decision
     * @throws IOException if data cannot be read or results cannot be written
     */
    public static Result retrain(Path base, List<DataSource> sources, Path feedback, Map<String, Path> gates,
            Path out, TrainingOptions.Builder settings, int imageSize, boolean resume,
            List<TrainingListener> listeners) throws IOException {
        ModelMetadata baseMeta = ModelArtifact.readMetadata(base);
        if (baseMeta.carriesOnnxGraph()) {
            throw new IllegalArgumentException(base + " carries an int8 ONNX graph and no weights to train from;"
                    + " retrain the float32 model it was quantized from");
        }
        if (gates.isEmpty()) {
            throw new IllegalArgumentException("give at least one gate set");
        }
        Map<String, ClassFolders> gateSets = new LinkedHashMap<>();
        for (Map.Entry<String, Path> gate : gates.entrySet()) {
            gateSets.put(gate.getKey(), ClassFolders.scan(gate.getValue()));
        }
        ModelTrainer trainer;
        if (resume) {
            trainer = ModelTrainer.resuming(out, total -> listeners);
        } else {
            List<DataSource> all = new ArrayList<>(sources);
            if (feedback != null) {
                all.add(new DataSource(FEEDBACK_SOURCE, splitFeedback(feedback, out), 1));
            }
            trainer = new ModelTrainer(settings.setSources(all).setOutDir(out)
                    .optImageSize(imageSize > 0 ? imageSize : baseMeta.inputSize())
                    .optPretrained(base.resolve(baseMeta.weightsFile())).build(), listeners);
        }
        trainer.train();
        ModelMetadata trained = ModelArtifact.readMetadata(out);
        if (!trained.classes().equals(baseMeta.classes())) {
            throw new IllegalArgumentException("the training data has classes " + trained.classes()
                    + ", the base model " + baseMeta.classes() + ": a candidate must answer with the base's classes");
        }
        // The candidate replaces the base in service: it keeps its name, and its creation time is its version.
        ModelArtifact.writeMetadata(out, new ModelMetadata(trained.formatVersion(), baseMeta.name(),
                trained.architecture(), trained.classes(), trained.inputSize(), trained.mean(), trained.std(),
                trained.weightsFile(), trained.weightsDtype(), trained.training(), trained.metrics(), trained.dataset(),
                trained.createdAt(), trained.onnxFile(), trained.quantization()));
        // A resumed run trained on the feedback its first start split, if any.
        boolean withFeedback = resume ? Files.isDirectory(feedbackVal(out)) : feedback != null;
        RetrainGate.Decision decision = gate(base, out, gateSets,
                withFeedback ? ClassFolders.scan(feedbackVal(out)) : null);
        writeReport(base, baseMeta, out, decision);
        return new Result(out, decision);
    }

    private static Path feedbackVal(Path out) {
        return out.resolve(FEEDBACK_SPLIT).resolve("val");
    }

    /** Splits the feedback into {@code OUT/feedback-split/train} and {@code val}, the same way for a seed. */
    private static Path splitFeedback(Path feedback, Path out) throws IOException {
        Path dest = out.resolve(FEEDBACK_SPLIT);
        DatasetSplitter.Plan plan = new DatasetSplitter(FEEDBACK_VAL_FRACTION, 42, NEAR_DUPLICATE_BITS)
                .plan(ClassFolders.scan(feedback));
        DatasetSplitter.write(plan, dest, true);
        if (!Files.isDirectory(dest.resolve("val"))) {
            throw new IllegalArgumentException("feedback " + feedback + " is too small to hold out a validation split");
        }
        return plan.folder(dest, "data");
    }

    private static RetrainGate.Decision gate(Path base, Path candidate, Map<String, ClassFolders> gateSets,
            ClassFolders feedbackVal) {
        Map<String, SourceSummary> baseScores = new LinkedHashMap<>();
        Map<String, SourceSummary> candidateScores = new LinkedHashMap<>();
        SourceSummary baseFeedback = null;
        SourceSummary candidateFeedback = null;
        try (MaskClassifier b = MaskClassifier.load(base, Backend.ONNX);
             MaskClassifier c = MaskClassifier.load(candidate, Backend.ONNX)) {
            for (Map.Entry<String, ClassFolders> set : gateSets.entrySet()) {
                baseScores.put(set.getKey(), Evaluator.summarise(b, set.getValue()));
                candidateScores.put(set.getKey(), Evaluator.summarise(c, set.getValue()));
            }
            if (feedbackVal != null) {
                baseFeedback = Evaluator.summarise(b, feedbackVal);
                candidateFeedback = Evaluator.summarise(c, feedbackVal);
            }
        }
        return RetrainGate.decide(baseScores, candidateScores, baseFeedback, candidateFeedback);
    }

    private static void writeReport(Path base, ModelMetadata baseMeta, Path candidate, RetrainGate.Decision d)
            throws IOException {
        ModelMetadata candidateMeta = ModelArtifact.readMetadata(candidate);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("decision", d.word());
        report.put("reasons", d.reasons());
        report.put("rule", String.format(Locale.ROOT, "accepted when, on every gate set, accuracy falls by no more"
                + " than max(%.3f, half-width of the 95%% Wilson interval of the base's accuracy), and, with"
                + " feedback, accuracy on the feedback validation split rises", RetrainGate.MIN_TOLERANCE));
        report.put("base", Map.of("path", base.toString(), "version", String.valueOf(baseMeta.createdAt())));
        report.put("candidate", Map.of("path", candidate.toString(), "version",
                String.valueOf(candidateMeta.createdAt())));
        report.put("gates", d.gates());
        if (d.feedback() != null) {
            report.put("feedback", d.feedback());
        }
        JSON.writeValue(candidate.resolve(ModelRegistry.GATE_FILE).toFile(), report);
        Files.writeString(candidate.resolve("gate.html"), html(base, candidate, d), StandardCharsets.UTF_8);
    }

    private static String html(Path base, Path candidate, RetrainGate.Decision d) {
        StringBuilder rows = new StringBuilder();
        List<RetrainGate.Comparison> all = new ArrayList<>(d.gates());
        if (d.feedback() != null) {
            all.add(d.feedback());
        }
        for (int i = 0; i < all.size(); i++) {
            RetrainGate.Comparison c = all.get(i);
            boolean isFeedback = d.feedback() != null && i == all.size() - 1;
            rows.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%+.4f</td>"
                    + "<td>%s</td><td>%s</td></tr>%n", escape(c.name()), c.n(), c.base(), c.candidate(),
                    c.candidate() - c.base(), isFeedback ? "must rise" : String.format(Locale.ROOT, "-%.4f",
                    c.tolerance()), c.passed() ? "pass" : "<b>fail</b>"));
        }
        StringBuilder reasons = new StringBuilder();
        d.reasons().forEach(r -> reasons.append("<li>").append(escape(r)).append("</li>\n"));
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Retrain gate: " + d.word()
                + "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}</style>"
                + "</head><body>\n<h1>Candidate " + d.word() + "</h1>\n<p>Base " + escape(base.toString())
                + ", candidate " + escape(candidate.toString()) + ".</p>\n<ul>" + reasons + "</ul>\n"
                + "<table><tr><th>set</th><th>n</th><th>base accuracy</th><th>candidate accuracy</th><th>change</th>"
                + "<th>allowed</th><th>result</th></tr>\n" + rows + "</table>\n</body></html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
