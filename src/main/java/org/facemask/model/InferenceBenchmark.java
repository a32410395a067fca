package org.facemask.model;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Raw batched throughput of a backend on preprocessed random input: the ceiling the HTTP service
 * is compared against (bench/serve.sh).
 */
public final class InferenceBenchmark {

    private InferenceBenchmark() {}

    /**
     * A measurement.
     *
     * @param imagesPerSecond images per second, all callers together
     * @param cpuMillisPerImage the process's CPU time per image over the same window: what an image
     *     costs whatever else shares the machine's cores, where images per second depends on that
     */
    public record Measurement(double imagesPerSecond, double cpuMillisPerImage) {}

    /**
     * Measures images per second.
     *
     * @param modelDir the model artifact
     * @param backend the runtime
     * @param batch images per call
     * @param callers threads calling at once, as the service's inference workers do
     * @param seconds how long to measure, after a warm-up of a few calls
     * @return images per second, all callers together
     */
    public static double imagesPerSecond(Path modelDir, Backend backend, int batch, int callers, double seconds) {
        return measure(modelDir, backend, batch, callers, seconds).imagesPerSecond();
    }

    /**
     * Measures images per second and the CPU time they cost.
     *
     * @param modelDir the model artifact
     * @param backend the runtime
     * @param batch images per call
     * @param callers threads calling at once, as the service's inference workers do
     * @param seconds how long to measure, after a warm-up of a few calls
     * @return the measurement
     */
    public static Measurement measure(Path modelDir, Backend backend, int batch, int callers, double seconds) {
        try (MaskClassifier classifier = MaskClassifier.load(modelDir, backend, callers)) {
            int size = classifier.preprocessor().size();
            float[] input = new float[batch * 3 * size * size];
            Random random = new Random(0);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < 3; i++) {
                classifier.logits(input, batch);
            }
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            LongAdder images = new LongAdder();
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    running.add(pool.submit(() -> {
                        while (System.nanoTime() < deadline) {
                            classifier.logits(input, batch);
                            images.add(batch);
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("benchmark interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("inference failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
            return new Measurement(images.sum() / wall, cpuMillis / images.sum());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
