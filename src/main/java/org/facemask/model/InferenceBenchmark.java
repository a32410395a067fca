package org.facemask.model;

import java.nio.file.Path;
import java.util.Random;

/**
 * Raw batched throughput of a backend on preprocessed random input: the ceiling the HTTP service
 * is compared against (bench/serve.sh).
 */
public final class InferenceBenchmark {

    private InferenceBenchmark() {}

    /**
     * Measures images per second.
     *
     * @param modelDir the model artifact
     * @param backend the runtime
     * @param batch images per call
     * @param seconds how long to measure, after a warm-up of a few calls
     * @return images per second
     */
    public static double imagesPerSecond(Path modelDir, Backend backend, int batch, double seconds) {
        try (MaskClassifier classifier = MaskClassifier.load(modelDir, backend)) {
            int size = classifier.preprocessor().size();
            float[] input = new float[batch * 3 * size * size];
            Random random = new Random(0);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < 3; i++) {
                classifier.logits(input, batch);
            }
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long images = 0;
            while (System.nanoTime() < deadline) {
                classifier.logits(input, batch);
                images += batch;
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }
}
