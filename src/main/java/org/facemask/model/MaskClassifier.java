package org.facemask.model;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classifier facade: loads a model artifact and turns images into class probabilities, on
 * DJL (libtorch) or ONNX Runtime. Holds native memory; close it when done. Thread-safe.
 */
public final class MaskClassifier implements AutoCloseable {

    private final ModelMetadata metadata;
    private final InferenceEngine engine;
    private final ImagePreprocessor preprocessor;

    private MaskClassifier(ModelMetadata metadata, InferenceEngine engine) {
        this.metadata = metadata;
        this.engine = engine;
        this.preprocessor = new ImagePreprocessor(metadata.inputSize(), metadata.mean(), metadata.std());
    }

    /**
     * Loads a model artifact folder on DJL.
     *
     * @param dir the folder holding {@code model.json} and the weights
     * @return the classifier
     * @throws ModelArtifactException if the artifact is missing, corrupt or incompatible
     */
    public static MaskClassifier load(Path dir) {
        return load(dir, Backend.DJL);
    }

    /**
     * Loads a model artifact folder on the given runtime.
     *
     * @param dir the folder holding {@code model.json} and the weights
     * @param backend the runtime
     * @return the classifier
     * @throws ModelArtifactException if the artifact is missing, corrupt or incompatible
     */
    public static MaskClassifier load(Path dir, Backend backend) {
        return load(dir, backend, 1);
    }

    /**
     * Loads a model artifact folder for several threads predicting at once (a server's inference
     * workers): ONNX Runtime then gives each call its share of the cores. DJL runs one call at a
     * time whatever the number of callers.
     *
     * @param dir the folder holding {@code model.json} and the weights
     * @param backend the runtime
     * @param concurrentCallers how many threads will call {@link #predict(List)} at once
     * @return the classifier
     * @throws ModelArtifactException if the artifact is missing, corrupt or incompatible
     */
    public static MaskClassifier load(Path dir, Backend backend, int concurrentCallers) {
        if (concurrentCallers < 1) {
            throw new IllegalArgumentException("concurrent callers must be at least 1, got " + concurrentCallers);
        }
        ModelMetadata meta = ModelArtifact.readMetadata(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        InferenceEngine engine = switch (backend) {
            case DJL -> new DjlEngine(dir, meta);
            case ONNX -> new OnnxEngine(dir, meta, Math.max(1, cores / concurrentCallers));
        };
        return new MaskClassifier(meta, engine);
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
    public float[][] logits(float[] batch, int n) {
        return engine.logits(batch, n);
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
        engine.close();
    }
}
