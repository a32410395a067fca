package org.facemask.model;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemask.image.ImagePreprocessor;

/**
 * The classifier facade: loads a model artifact and turns images into class probabilities, on
 * DJL (libtorch) or ONNX Runtime. Holds native memory; close it when done. Thread-safe.
 * Optionally averages each prediction over the image and its horizontal mirror
 * ({@link #withFlipAveraging}).
 */
public final class MaskClassifier implements AutoCloseable {

    private final ModelMetadata metadata;
    private final InferenceEngine engine;
    private final ImagePreprocessor preprocessor;
    private final boolean flipAveraging;

    private MaskClassifier(ModelMetadata metadata, InferenceEngine engine, boolean flipAveraging) {
        this.metadata = metadata;
        this.engine = engine;
        this.preprocessor = new ImagePreprocessor(metadata.inputSize(), metadata.mean(), metadata.std());
        this.flipAveraging = flipAveraging;
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
        if (backend == Backend.DJL && meta.carriesOnnxGraph()) {
            throw new ModelArtifactException(dir + " carries an ONNX graph (" + meta.onnxFile()
                    + (meta.quantization() != null ? ", int8" : "") + ") and no weights: DJL cannot run it;"
                    + " use --backend ONNX");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        InferenceEngine engine = switch (backend) {
            case DJL -> djlEngine(dir, meta);
            case ONNX -> new OnnxEngine(dir, meta, Math.max(1, cores / concurrentCallers));
        };
        return new MaskClassifier(meta, engine, false);
    }

    private static InferenceEngine djlEngine(Path dir, ModelMetadata meta) {
        try {
            return new DjlEngine(dir, meta);
        } catch (NoClassDefFoundError e) {
            // The edge image leaves DJL and libtorch out: ONNX Runtime alone serves there.
            throw new ModelArtifactException("DJL is not part of this build (" + e.getMessage()
                    + " is missing), which runs models on ONNX Runtime alone: use --backend ONNX", e);
        }
    }

    /**
     * Returns the runtime a model folder runs on when none is asked for: ONNX Runtime for a folder
     * that carries its own ONNX graph (int8), which DJL cannot run; otherwise {@code fallback}.
     *
     * @param dir the model folder
     * @param fallback the caller's usual runtime
     * @return the runtime
     * @throws ModelArtifactException if the folder is missing, corrupt or incompatible
     */
    public static Backend defaultBackend(Path dir, Backend fallback) {
        return ModelArtifact.readMetadata(dir).carriesOnnxGraph() ? Backend.ONNX : fallback;
    }

    /**
     * Returns this classifier with test-time flip averaging on or off: each {@link #predict}
     * then averages the class probabilities of the image and of its horizontal mirror, at twice
     * the inference work. Faces are roughly left-right symmetric and training mirrors images at
     * random, so both views are inputs the model knows. {@link #logits} is unaffected.
     *
     * <p>The returned classifier shares this one's runtime: close only one of them; closing
     * either frees the model for both.
     *
     * @param enabled whether to average over the mirror image
     * @return this classifier when the mode is unchanged, else one on the same runtime
     */
    public MaskClassifier withFlipAveraging(boolean enabled) {
        return enabled == flipAveraging ? this : new MaskClassifier(metadata, engine, enabled);
    }

    /** Returns whether predictions are averaged over the image and its mirror. */
    public boolean flipAveraging() {
        return flipAveraging;
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
     * Classifies a batch of images in one forward pass (of twice as many inputs with
     * {@link #withFlipAveraging flip averaging}).
     *
     * @param images RGB images of any size
     * @return one prediction per image, in order
     */
    public List<Prediction> predict(List<BufferedImage> images) {
        int size = preprocessor.size();
        int plane = 3 * size * size;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.normalise(ImagePreprocessor.pixels(ImagePreprocessor.resize(images.get(i), size, size)),
                    batch, i * plane);
        }
        return predictPreprocessed(batch, images.size());
    }

    /**
     * Classifies images already resized and normalised as {@link #preprocessor()} does it (e.g. an
     * Open Inference Protocol {@code FP32 [N, 3, S, S]} input), in one forward pass (of twice as many
     * inputs with {@link #withFlipAveraging flip averaging}).
     *
     * @param batch {@code n} CHW images of the model's input size, one after another
     * @param n the number of images
     * @return one prediction per image, in order
     * @throws IllegalArgumentException if {@code batch} does not hold exactly {@code n} images
     */
    public List<Prediction> predictPreprocessed(float[] batch, int n) {
        int size = preprocessor.size();
        int plane = 3 * size * size;
        if (n < 1 || batch.length != (long) n * plane) {
            throw new IllegalArgumentException("expected " + n + " images of 3 x " + size + " x " + size
                    + " values, got " + batch.length + " values");
        }
        // With flip averaging each image is followed by its mirror: rows 2i and 2i + 1. Normalising
        // works pixel by pixel, so mirroring the normalised planes equals normalising the mirror.
        int views = flipAveraging ? 2 : 1;
        float[] input = batch;
        if (flipAveraging) {
            input = new float[n * views * plane];
            for (int i = 0; i < n; i++) {
                System.arraycopy(batch, i * plane, input, i * views * plane, plane);
                mirror(batch, i * plane, input, (i * views + 1) * plane, size);
            }
        }
        float[][] logits = logits(input, n * views);
        List<Prediction> predictions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] p = softmax(logits[i * views]);
            if (flipAveraging) {
                // Probabilities, not logits, are averaged: a plain mean of the two answers, still summing to 1.
                float[] q = softmax(logits[i * views + 1]);
                for (int c = 0; c < p.length; c++) {
                    p[c] = (p[c] + q[c]) / 2;
                }
            }
            predictions.add(toPrediction(p));
        }
        return predictions;
    }

    /** Copies one CHW image mirrored left to right: every row of every channel reversed. */
    private static void mirror(float[] from, int fromOffset, float[] to, int toOffset, int size) {
        for (int row = 0; row < 3 * size; row++) {
            int in = fromOffset + row * size;
            int out = toOffset + row * size;
            for (int x = 0; x < size; x++) {
                to[out + x] = from[in + size - 1 - x];
            }
        }
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
