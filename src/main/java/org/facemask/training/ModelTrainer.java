package org.facemask.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.ClassNames;
import org.facemask.evaluation.ConfusionMatrixImage;
import org.facemask.evaluation.EvaluationResult;
import org.facemask.evaluation.Evaluator;
import org.facemask.evaluation.SourceSummary;
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelMetadata;
import org.facemask.model.NetworkArtifact;
import org.facemask.model.SafeTensors;
import org.facemask.model.Weights;
import org.facemask.monitoring.ReferenceProfile;

/**
 * Trains the ResNet18 classifier on one or more data sources (split folders with {@code train/}
 * and {@code val/}), validates on each source every epoch, checkpoints every epoch, and writes a
 * model artifact holding the best epoch's weights, measured again from the saved files.
 */
public final class ModelTrainer {

    private static final int EVAL_BATCH = 64;

    private final TrainingOptions options;
    // The checkpoint a resumed run continues from; null for a new run.
    private final TrainingCheckpoint.Loaded checkpoint;
    private final List<TrainingListener> extraListeners;
    private List<TrainingListener> listeners;

    /**
     * Creates a trainer.
     *
     * @param options the settings
     * @param listeners extra listeners such as a {@link ProgressBar}; the metrics CSV and the
     *     training-curve plot are always written into the artifact folder
     */
    public ModelTrainer(TrainingOptions options, List<TrainingListener> listeners) {
        this(options, listeners, null);
    }

    private ModelTrainer(TrainingOptions options, List<TrainingListener> listeners,
                         TrainingCheckpoint.Loaded checkpoint) {
        this.options = options;
        this.checkpoint = checkpoint;
        this.extraListeners = List.copyOf(listeners);
    }

    /**
     * Creates a trainer that continues the run whose checkpoint is in {@code outDir/checkpoint},
     * with that run's settings.
     *
     * @param outDir the interrupted run's output folder
     * @param listeners extra listeners, as for a new run, given the run's total epochs
     * @return the trainer
     * @throws IOException if there is no readable checkpoint, or its settings are invalid
     */
    public static ModelTrainer resuming(Path outDir, IntFunction<List<TrainingListener>> listeners)
            throws IOException {
        TrainingCheckpoint.Loaded checkpoint = TrainingCheckpoint.read(outDir);
        TrainingOptions options;
        try {
            options = TrainingOptions.fromMap(checkpoint.state().options(), outDir);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt checkpoint in " + outDir + ": " + e.getMessage(), e);
        }
        if (checkpoint.state().epoch() >= options.epochs()) {
            throw new IOException("the run in " + outDir + " already finished all " + options.epochs() + " epochs");
        }
        return new ModelTrainer(options, listeners.apply(options.epochs()), checkpoint);
    }

    /** Returns the settings of this run. */
    public TrainingOptions options() {
        return options;
    }

    /**
     * Runs the training, or continues it from {@code OUT/checkpoint} when resuming.
     *
     * @return what was produced
     * @throws IOException if data cannot be read or the artifact cannot be written
     */
    public TrainingResult train() throws IOException {
        long start = System.nanoTime();
        // Data first: a bad source fails before anything is written.
        TrainingData data = TrainingData.load(options);
        Files.createDirectories(options.outDir());
        listeners = new ArrayList<>(extraListeners);
        listeners.add(new MetricsCsv(options.outDir().resolve("metrics.csv")));
        listeners.add(new TrainingCurve(options.outDir().resolve("training-curve.png")));
        Engine.getInstance().setRandomSeed((int) options.seed());
        List<EpochStats> history = new ArrayList<>();
        int bestEpoch;
        try (Model model = Model.newInstance("facemask", Device.cpu(), "PyTorch")) {
            Block net = NetworkArtifact.buildNetwork(data.classes().size());
            model.setBlock(net);
            bestEpoch = fit(model, net, data, history);
            ModelMetadata meta = new ModelMetadata(ModelArtifact.FORMAT_VERSION,
                    options.outDir().getFileName().toString(), ModelArtifact.ARCHITECTURE, data.classes(),
                    options.imageSize(), ModelMetadata.imagenetMean(), ModelMetadata.imagenetStd(),
                    "weights.safetensors", options.weightsDtype(), trainingRecord(bestEpoch, history, start), null,
                    data.record(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null, null);
            NetworkArtifact.write(options.outDir(), meta, net);
        }
        EvaluationResult evaluation = measureSaved(data);
        return new TrainingResult(options.outDir(), history, bestEpoch, evaluation,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs every epoch (from the checkpoint's next one when resuming), keeps the weights of the
     * best epoch by {@link EpochStats#betterThan} and leaves them in {@code net}; writes a
     * checkpoint after each epoch.
     *
     * @return the best epoch
     */
    private int fit(Model model, Block net, TrainingData data, List<EpochStats> history) throws IOException {
        int size = options.imageSize();
        ImagePreprocessor preprocessor = new ImagePreprocessor(size, ModelMetadata.imagenetMean(),
                ModelMetadata.imagenetStd());
        Augmenter augmenter = new Augmenter(size, options.cameraAugmentations(),
                data.classes().indexOf(ClassNames.NO_MASK));
        int stepsPerEpoch = data.epochImages() / options.batchSize();
        Tracker schedule = learningRateSchedule(stepsPerEpoch * options.epochs());
        DefaultTrainingConfig config = trainingConfig(schedule, options.weightDecay());
        Map<String, SafeTensors.Tensor> bestWeights = null;
        EpochStats best = null;
        try (Trainer trainer = model.newTrainer(config);
             Distillation distillation = options.teacher() == null ? null
                     : Distillation.load(options.teacher(), options.distillWeight(), data.classes(), size)) {
            trainer.initialize(new Shape(options.batchSize(), 3, size, size));
            Map<String, Parameter> parameters = Weights.byName(net);
            Random random = new Random(options.seed());
            int first = 1;
            if (checkpoint != null) {
                Weights.load(net, checkpoint.weights(), false, "checkpoint weights");
                OptimizerState.restore(config.getOptimizer(), parameters, checkpoint.optimizer());
                random = checkpoint.random();
                bestWeights = checkpoint.best();
                history.addAll(checkpoint.state().history());
                best = history.get(checkpoint.state().bestEpoch() - 1);
                first = checkpoint.state().epoch() + 1;
                for (EpochStats past : history) {
                    for (TrainingListener l : listeners) {
                        l.onEpoch(past, past.epoch() == best.epoch());
                    }
                }
                log("resumed after epoch %d of %d (best so far: epoch %d)", first - 1, options.epochs(), best.epoch());
            } else if (options.pretrained() != null) {
                loadPretrained(net);
            }
            for (int epoch = first; epoch <= options.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double[] trainStats = trainEpoch(trainer, data, preprocessor, augmenter, random, epoch,
                        stepsPerEpoch, distillation);
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
                List<SourceScore> scores = new ArrayList<>();
                for (TrainingData.ValSet val : data.vals()) {
                    scores.add(validate(trainer, val, data.classes(), preprocessor));
                }
                int n = scores.stream().mapToInt(SourceScore::n).sum();
                EpochStats stats = new EpochStats(epoch, schedule.getNewValue(epoch * stepsPerEpoch),
                        trainStats[0], trainStats[1],
                        scores.stream().mapToDouble(v -> v.loss() * v.n()).sum() / n,
                        scores.stream().mapToDouble(v -> v.accuracy() * v.n()).sum() / n,
                        (System.nanoTime() - epochStart) / 1e9,
                        stepsPerEpoch * options.batchSize() / trainSeconds, scores);
                boolean isBest = stats.betterThan(best);
                if (isBest) {
                    best = stats;
                    bestWeights = Weights.export(net, "F32");
                }
                history.add(stats);
                OptimizerState.Saved state = OptimizerState.export(config.getOptimizer(), parameters);
                TrainingCheckpoint.write(options.outDir(), new TrainingCheckpoint.State(epoch, best.epoch(),
                        history, TrainingCheckpoint.serialise(random), state.steps(), state.numUpdate(),
                        options.toMap()), Weights.export(net, "F32"), bestWeights, state.moments());
                for (TrainingListener l : listeners) {
                    l.onEpoch(stats, isBest);
                }
            }
        }
        Weights.load(net, bestWeights, false, "best checkpoint");
        return best.epoch();
    }

    /**
     * Evaluates the saved artifact (F16 weights, the real inference path) on every validation
     * source, pooled and per source (argmax and mask-or-not), and records the metrics.
     */
    private EvaluationResult measureSaved(TrainingData data) throws IOException {
        EvaluationResult evaluation;
        Map<String, SourceSummary> perSource = new LinkedHashMap<>();
        try (MaskClassifier saved = MaskClassifier.load(options.outDir())) {
            ClassFolders pooled = ClassFolders.union(data.vals().stream().map(TrainingData.ValSet::folders).toList());
            evaluation = Evaluator.evaluate(saved, pooled);
            for (TrainingData.ValSet val : data.vals()) {
                perSource.put(val.name(), Evaluator.summarise(saved, val.folders()));
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("split", "validation");
            metrics.put("n", evaluation.report().n());
            metrics.put("accuracy", evaluation.report().accuracy());
            metrics.put("macro_f1", evaluation.report().macroAvg().f1());
            metrics.put("roc_auc", evaluation.report().rocAuc());
            metrics.put("ece", evaluation.report().ece());
            metrics.put("confusion", evaluation.report().confusion());
            metrics.put("sources", perSource);
            ModelArtifact.writeMetadata(options.outDir(), saved.metadata().withMetrics(metrics));
            // What the validation images look like and how the model answers them: drift's default reference.
            ReferenceProfile.write(options.outDir(), ReferenceProfile.compute(saved, pooled.images()),
                    pooled.root().toString());
        }
        Evaluator.writeJson(evaluation, perSource, options.outDir().resolve("validation.json"));
        ConfusionMatrixImage.write(evaluation.report(), options.outDir().resolve("confusion.png"));
        Files.writeString(options.outDir().resolve("validation.txt"), evaluation.report().toText()
                + SourceSummary.table(perSource));
        return evaluation;
    }

    /** One-cycle style: linear warm-up over 5 % of the steps, then cosine decay to 1/1000 of the peak. */
    private Tracker learningRateSchedule(int totalSteps) {
        int warmUp = Math.max(1, totalSteps / 20);
        float peak = options.learningRate();
        Tracker cosine = Tracker.cosine().setBaseValue(peak).optFinalValue(peak / 1000)
                .setMaxUpdates(Math.max(1, totalSteps - warmUp)).build();
        return Tracker.warmUp().setMainTracker(cosine).optWarmUpSteps(warmUp)
                .optWarmUpBeginValue(peak / 25).build();
    }

    static DefaultTrainingConfig trainingConfig(Tracker schedule, float weightDecay) {
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(schedule)
                .optWeightDecays(weightDecay).build();
        // No initializer here: the network sets torchvision's own (see ResNet18), and a config
        // initializer would override it.
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optDevices(new Device[] {Device.cpu()});
    }

    private double[] trainEpoch(Trainer trainer, TrainingData all, ImagePreprocessor preprocessor,
                                Augmenter augmenter, Random random, int epoch, int steps, Distillation distillation) {
        InMemoryImages data = all.train();
        int size = options.imageSize();
        int batch = options.batchSize();
        int plane = 3 * size * size;
        boolean weighted = Arrays.stream(all.sampleWeights()).anyMatch(w -> w != 1);
        int[] order = options.classBalance().epochOrder(data.labels, weighted ? all.sampleWeights() : null, random);
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        long start = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            float[] x = new float[batch * plane];
            float[] y = new float[batch];
            for (int i = 0; i < batch; i++) {
                int index = order[step * batch + i];
                int[] pixels = options.augment()
                        ? augmenter.augment(data.pixels.get(index), data.side, data.labels[index], random)
                        : centreResize(data.pixels.get(index), data.side, size);
                preprocessor.normalise(pixels, x, i * plane);
                y[i] = data.labels[index];
            }
            float[] result = step(trainer, x, y, size, distillation == null ? null : distillation.term(x, y));
            lossSum += result[0] * batch;
            correct += (int) result[1];
            seen += batch;
            double rate = seen / ((System.nanoTime() - start) / 1e9);
            for (TrainingListener l : listeners) {
                l.onBatch(epoch, step + 1, steps, lossSum / seen, correct / (double) seen, rate);
            }
        }
        return new double[] {lossSum / seen, correct / (double) seen};
    }

    /**
     * One optimisation step: forward, loss, backward, update.
     *
     * @param trainer the DJL trainer
     * @param x a normalised CHW batch
     * @param y the class index of each image
     * @param size the square input side
     * @return the mean loss and the number of correct predictions
     */
    static float[] step(Trainer trainer, float[] x, float[] y, int size) {
        return step(trainer, x, y, size, null);
    }

    /**
     * One optimisation step with an extra loss term.
     *
     * @param trainer the DJL trainer
     * @param x a normalised CHW batch
     * @param y the class index of each image
     * @param size the square input side
     * @param extra logits → a scalar added to the loss, or null
     * @return the mean loss (extra term included) and the number of correct predictions
     */
    static float[] step(Trainer trainer, float[] x, float[] y, int size, Function<NDArray, NDArray> extra) {
        int n = y.length;
        float[] result = new float[2];
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = scope.create(x, new Shape(n, 3, size, size));
            NDArray labels = scope.create(y, new Shape(n));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(input));
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
                if (extra != null) {
                    loss = loss.add(extra.apply(predictions.singletonOrThrow()));
                }
                collector.backward(loss);
                result[0] = loss.getFloat();
                result[1] = countCorrect(predictions.singletonOrThrow(), y);
            }
            trainer.step();
        }
        return result;
    }

    private SourceScore validate(Trainer trainer, TrainingData.ValSet val, List<String> classes,
            ImagePreprocessor preprocessor) {
        InMemoryImages data = val.images();
        int size = options.imageSize();
        int plane = 3 * size * size;
        int maskIndex = classes.indexOf(ClassNames.MASK);
        double lossSum = 0;
        int correct = 0;
        int maskOrNotCorrect = 0;
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, data.size() - from);
            float[] x = new float[n * plane];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                preprocessor.normalise(data.pixels.get(from + i), x, i * plane);
                y[i] = data.labels[from + i];
            }
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDList predictions = trainer.evaluate(new NDList(scope.create(x, new Shape(n, 3, size, size))));
                NDArray loss = trainer.getLoss().evaluate(new NDList(scope.create(y, new Shape(n))), predictions);
                lossSum += loss.getFloat() * n;
                NDArray logits = predictions.singletonOrThrow();
                correct += countCorrect(logits, y);
                if (maskIndex >= 0) {
                    float[] pMask = logits.softmax(1).get(":, " + maskIndex).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        // As /predict answers: "mask" when p(mask) >= 0.5, everything else is "no mask".
                        maskOrNotCorrect += (pMask[i] >= 0.5f) == ((int) y[i] == maskIndex) ? 1 : 0;
                    }
                }
            }
        }
        int n = Math.max(1, data.size());
        return new SourceScore(val.name(), data.size(), lossSum / n, correct / (double) n,
                maskIndex >= 0 ? maskOrNotCorrect / (double) n : Double.NaN);
    }

    private static int countCorrect(NDArray logits, float[] labels) {
        long[] predicted = logits.argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == (long) labels[i] ? 1 : 0;
        }
        return correct;
    }

    private static int[] centreResize(int[] pixels, int side, int size) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, side, side, pixels, 0, side);
        return ImagePreprocessor.pixels(ImagePreprocessor.resize(image, size, size));
    }

    private void loadPretrained(Block net) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(options.pretrained());
        SafeTensors.Tensor fc = tensors.get("fc.weight");
        long classes = net.getParameters().valueAt(net.getParameters().size() - 1).getArray().getShape().get(0);
        boolean skipHead = fc == null || fc.shape()[0] != classes;
        int loaded = Weights.load(net, tensors, skipHead, options.pretrained().toString());
        log("loaded %d pretrained tensors from %s%s", loaded, options.pretrained(),
                skipHead ? " (final layer re-initialised for " + classes + " classes)" : "");
        if (options.freezeBackbone()) {
            for (Pair<String, Parameter> p : net.getParameters()) {
                p.getValue().freeze(true);
            }
            // Unfreeze only the final linear layer (the last two parameters).
            int n = net.getParameters().size();
            net.getParameters().valueAt(n - 2).freeze(false);
            net.getParameters().valueAt(n - 1).freeze(false);
        }
    }

    private Map<String, Object> trainingRecord(int bestEpoch, List<EpochStats> history, long start) {
        Map<String, Object> record = new LinkedHashMap<>(options.toMap());
        record.put("best_epoch", bestEpoch);
        record.put("wall_seconds", Math.round((System.nanoTime() - start) / 1e9));
        record.put("engine", "DJL " + Engine.getDjlVersion() + " / PyTorch " + Engine.getInstance().getVersion());
        record.put("final_val_accuracy", history.get(history.size() - 1).valAccuracy());
        return record;
    }

    private static void log(String format, Object... args) {
        System.err.printf(java.util.Locale.ROOT, format + "%n", args);
    }
}
