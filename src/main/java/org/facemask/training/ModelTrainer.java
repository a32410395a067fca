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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facemask.data.ClassFolders;
import org.facemask.evaluation.ConfusionMatrixImage;
import org.facemask.evaluation.EvaluationResult;
import org.facemask.evaluation.Evaluator;
import org.facemask.model.ImagePreprocessor;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelMetadata;
import org.facemask.model.SafeTensors;
import org.facemask.model.Weights;
import org.facemask.monitoring.ReferenceProfile;

/**
 * Trains the ResNet18 classifier on a split folder ({@code train/}, {@code val/}) and writes a
 * model artifact holding the best epoch's weights, measured again from the saved files.
 */
public final class ModelTrainer {

    private static final int EVAL_BATCH = 64;
    // Training images are stored a little larger than the input so random crops keep detail.
    private static final double STORE_SCALE = 1.25;

    private final TrainingOptions options;
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
        this.options = options;
        this.extraListeners = List.copyOf(listeners);
    }

    /** The decoded datasets of one run. */
    private record Data(ClassFolders trainSet, ClassFolders valSet, List<String> classes,
                        InMemoryImages train, InMemoryImages val) {}

    /**
     * Runs the training.
     *
     * @return what was produced
     * @throws IOException if data cannot be read or the artifact cannot be written
     */
    public TrainingResult train() throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(options.outDir());
        listeners = new ArrayList<>(extraListeners);
        listeners.add(new MetricsCsv(options.outDir().resolve("metrics.csv")));
        listeners.add(new TrainingCurve(options.outDir().resolve("training-curve.png")));
        Data data = loadData();
        Engine.getInstance().setRandomSeed((int) options.seed());
        List<EpochStats> history = new ArrayList<>();
        int bestEpoch;
        try (Model model = Model.newInstance("facemask", Device.cpu(), "PyTorch")) {
            Block net = ModelArtifact.buildNetwork(data.classes().size());
            model.setBlock(net);
            bestEpoch = fit(model, net, data, history);
            ModelMetadata meta = new ModelMetadata(ModelArtifact.FORMAT_VERSION,
                    options.outDir().getFileName().toString(), ModelArtifact.ARCHITECTURE, data.classes(),
                    options.imageSize(), ModelMetadata.IMAGENET_MEAN, ModelMetadata.IMAGENET_STD,
                    "weights.safetensors", options.weightsDtype(), trainingRecord(bestEpoch, history, start), null,
                    datasetRecord(data), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            ModelArtifact.write(options.outDir(), meta, net);
        }
        EvaluationResult evaluation = measureSaved(data.valSet());
        return new TrainingResult(options.outDir(), history, bestEpoch, evaluation,
                (System.nanoTime() - start) / 1e9);
    }

    private Data loadData() throws IOException {
        ClassFolders trainSet = ClassFolders.scan(options.dataDir().resolve("train"));
        ClassFolders valSet = ClassFolders.scan(options.dataDir().resolve("val"));
        List<String> classes = trainSet.classes();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("training needs at least two classes, found " + classes);
        }
        int size = options.imageSize();
        InMemoryImages train = InMemoryImages.load(trainSet, classes, (int) Math.round(size * STORE_SCALE));
        InMemoryImages val = InMemoryImages.load(valSet, classes, size);
        if (train.size() < options.batchSize()) {
            throw new IllegalArgumentException("training set has " + train.size() + " readable images, fewer than"
                    + " one batch of " + options.batchSize());
        }
        log("loaded %d training and %d validation images (%d unreadable), classes %s", train.size(), val.size(),
                train.unreadable.size() + val.unreadable.size(), classes);
        return new Data(trainSet, valSet, classes, train, val);
    }

    /**
     * Runs every epoch, keeps the weights of the best validation accuracy (ties: lower loss) and
     * leaves them in {@code net}.
     *
     * @return the best epoch
     */
    private int fit(Model model, Block net, Data data, List<EpochStats> history) throws IOException {
        int size = options.imageSize();
        ImagePreprocessor preprocessor = new ImagePreprocessor(size, ModelMetadata.IMAGENET_MEAN,
                ModelMetadata.IMAGENET_STD);
        Augmenter augmenter = new Augmenter(size);
        int stepsPerEpoch = data.train().size() / options.batchSize();
        Tracker schedule = learningRateSchedule(stepsPerEpoch * options.epochs());
        Map<String, SafeTensors.Tensor> bestWeights = null;
        int bestEpoch = 0;
        double bestAccuracy = -1;
        double bestLoss = Double.MAX_VALUE;
        try (Trainer trainer = model.newTrainer(trainingConfig(schedule, options.weightDecay()))) {
            trainer.initialize(new Shape(options.batchSize(), 3, size, size));
            if (options.pretrained() != null) {
                loadPretrained(net);
            }
            Random random = new Random(options.seed());
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double[] trainStats = trainEpoch(trainer, data.train(), preprocessor, augmenter, random, epoch,
                        stepsPerEpoch);
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
                double[] valStats = validate(trainer, data.val(), preprocessor);
                EpochStats stats = new EpochStats(epoch, schedule.getNewValue(epoch * stepsPerEpoch),
                        trainStats[0], trainStats[1], valStats[0], valStats[1],
                        (System.nanoTime() - epochStart) / 1e9,
                        stepsPerEpoch * options.batchSize() / trainSeconds);
                boolean best = valStats[1] > bestAccuracy || (valStats[1] == bestAccuracy && valStats[0] < bestLoss);
                if (best) {
                    bestAccuracy = valStats[1];
                    bestLoss = valStats[0];
                    bestEpoch = epoch;
                    bestWeights = Weights.export(net, "F32");
                }
                history.add(stats);
                for (TrainingListener l : listeners) {
                    l.onEpoch(stats, best);
                }
            }
        }
        Weights.load(net, bestWeights, false, "best checkpoint");
        return bestEpoch;
    }

    /** Evaluates the saved artifact (F16 weights, the real inference path) and records the metrics. */
    private EvaluationResult measureSaved(ClassFolders valSet) throws IOException {
        EvaluationResult evaluation;
        try (MaskClassifier saved = MaskClassifier.load(options.outDir())) {
            evaluation = Evaluator.evaluate(saved, valSet);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("split", "validation");
            metrics.put("n", evaluation.report().n());
            metrics.put("accuracy", evaluation.report().accuracy());
            metrics.put("macro_f1", evaluation.report().macroAvg().f1());
            metrics.put("roc_auc", evaluation.report().rocAuc());
            metrics.put("ece", evaluation.report().ece());
            metrics.put("confusion", evaluation.report().confusion());
            ModelArtifact.writeMetadata(options.outDir(), saved.metadata().withMetrics(metrics));
            // What the validation images look like and how the model answers them: drift's default reference.
            ReferenceProfile.write(options.outDir(), ReferenceProfile.compute(saved, valSet.images()),
                    valSet.root().toString());
        }
        Evaluator.writeJson(evaluation, options.outDir().resolve("validation.json"));
        ConfusionMatrixImage.write(evaluation.report(), options.outDir().resolve("confusion.png"));
        Files.writeString(options.outDir().resolve("validation.txt"), evaluation.report().toText());
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

    private double[] trainEpoch(Trainer trainer, InMemoryImages data, ImagePreprocessor preprocessor,
                                Augmenter augmenter, Random random, int epoch, int steps) {
        int size = options.imageSize();
        int batch = options.batchSize();
        int plane = 3 * size * size;
        int[] order = options.classBalance().epochOrder(data.labels, random);
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
                        ? augmenter.augment(data.pixels.get(index), data.side, random)
                        : centreResize(data.pixels.get(index), data.side, size);
                preprocessor.normalise(pixels, x, i * plane);
                y[i] = data.labels[index];
            }
            float[] result = step(trainer, x, y, size);
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
        int n = y.length;
        float[] result = new float[2];
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = scope.create(x, new Shape(n, 3, size, size));
            NDArray labels = scope.create(y, new Shape(n));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(input));
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
                collector.backward(loss);
                result[0] = loss.getFloat();
                result[1] = countCorrect(predictions.singletonOrThrow(), y);
            }
            trainer.step();
        }
        return result;
    }

    private double[] validate(Trainer trainer, InMemoryImages data, ImagePreprocessor preprocessor) {
        int size = options.imageSize();
        int plane = 3 * size * size;
        double lossSum = 0;
        int correct = 0;
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
                correct += countCorrect(predictions.singletonOrThrow(), y);
            }
        }
        return new double[] {lossSum / data.size(), correct / (double) data.size()};
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

    private static Map<String, Object> datasetRecord(Data data) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("train_dir", data.trainSet().root().toAbsolutePath().normalize().toString());
        record.put("train_images", data.train().size());
        record.put("val_images", data.val().size());
        record.put("unreadable", data.train().unreadable.size() + data.val().unreadable.size());
        record.put("train_fingerprint", data.trainSet().fingerprint());
        record.put("val_fingerprint", data.valSet().fingerprint());
        return record;
    }

    private static void log(String format, Object... args) {
        System.err.printf(java.util.Locale.ROOT, format + "%n", args);
    }
}
