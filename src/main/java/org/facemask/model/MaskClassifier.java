package org.facemask.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classifier facade: loads a model artifact and turns images into class probabilities.
 * Holds native memory; close it when done. Calls are serialised, one batch at a time.
 */
public final class MaskClassifier implements AutoCloseable {

    private final ModelMetadata metadata;
    private final Model model;
    private final ImagePreprocessor preprocessor;

    private MaskClassifier(ModelMetadata metadata, Model model) {
        this.metadata = metadata;
        this.model = model;
        this.preprocessor = new ImagePreprocessor(metadata.inputSize(), metadata.mean(), metadata.std());
    }

    /**
     * Loads a model artifact folder.
     *
     * @param dir the folder holding {@code model.json} and the weights
     * @return the classifier
     * @throws ModelArtifactException if the artifact is missing, corrupt or incompatible
     */
    public static MaskClassifier load(Path dir) {
        ModelMetadata meta = ModelArtifact.readMetadata(dir);
        Map<String, SafeTensors.Tensor> tensors;
        Path weights = dir.resolve(meta.weightsFile());
        try {
            tensors = SafeTensors.read(weights);
        } catch (IOException e) {
            throw new ModelArtifactException("corrupt weights " + weights + ": " + e.getMessage(), e);
        }
        Model model = Model.newInstance(meta.name(), Device.cpu(), "PyTorch");
        try {
            Block block = ModelArtifact.buildNetwork(meta.classes().size());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, 3, meta.inputSize(), meta.inputSize()));
            Weights.load(block, tensors, false, weights.toString());
            return new MaskClassifier(meta, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Returns the artifact's metadata. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Returns the class names in output order. */
    public List<String> classes() {
        return metadata.classes();
    }

    /** Returns the preprocessing this model expects. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * Classifies one image.
     *
     * @param image an RGB image of any size
     * @return the prediction
     */
    public Prediction predict(BufferedImage image) {
        return predict(List.of(image)).get(0);
    }

    /**
     * Classifies a batch of images in one forward pass.
     *
     * @param images RGB images of any size
     * @return one prediction per image, in order
     */
    public List<Prediction> predict(List<BufferedImage> images) {
        int size = preprocessor.size();
        int plane = 3 * size * size;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage resized = ImagePreprocessor.resize(images.get(i), size, size);
            preprocessor.normalise(ImagePreprocessor.pixels(resized), batch, i * plane);
        }
        float[][] logits = logits(batch, images.size());
        List<Prediction> predictions = new ArrayList<>(logits.length);
        for (float[] row : logits) {
            predictions.add(toPrediction(softmax(row)));
        }
        return predictions;
    }

    /**
     * Runs the network on preprocessed input.
     *
     * @param batch {@code n} CHW images from {@link ImagePreprocessor}
     * @param n the number of images
     * @return the raw logits, one row per image
     */
    public synchronized float[][] logits(float[] batch, int n) {
        int size = preprocessor.size();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(batch, new Shape(n, 3, size, size));
            NDArray out = model.getBlock()
                    .forward(new ParameterStore(scope, false), new NDList(input), false)
                    .singletonOrThrow();
            float[] flat = out.toFloatArray();
            int k = metadata.classes().size();
            float[][] rows = new float[n][k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * k, rows[i], 0, k);
            }
            return rows;
        }
    }

    /**
     * Turns logits into probabilities (numerically stable softmax).
     *
     * @param logits one row of logits
     * @return probabilities summing to 1
     */
    public static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    private Prediction toPrediction(float[] probabilities) {
        Map<String, Float> byClass = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < probabilities.length; i++) {
            byClass.put(metadata.classes().get(i), probabilities[i]);
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(metadata.classes().get(best), probabilities[best], byClass);
    }

    @Override
    public void close() {
        model.close();
    }
}
