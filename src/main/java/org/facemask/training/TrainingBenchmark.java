package org.facemask.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.facemask.model.NetworkArtifact;

/**
 * Measures training throughput (images/s) of the exact step {@link ModelTrainer} runs, on random
 * data, so it can be compared with PyTorch doing the same work (bench/train-speed.sh).
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {}

    /**
     * Times training steps of ResNet18 (2 classes, AdamW, cross-entropy) on random input.
     *
     * @param size square input side
     * @param batch images per step
     * @param warmUp untimed steps first
     * @param steps timed steps
     * @return images per second over the timed steps
     */
    public static double imagesPerSecond(int size, int batch, int warmUp, int steps) {
        Engine.getInstance().setRandomSeed(0);
        Random random = new Random(0);
        float[] x = new float[batch * 3 * size * size];
        float[] y = new float[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(2);
        }
        try (Model model = Model.newInstance("benchmark", Device.cpu(), "PyTorch")) {
            model.setBlock(NetworkArtifact.buildNetwork(2));
            try (Trainer trainer = model.newTrainer(ModelTrainer.trainingConfig(Tracker.fixed(1e-3f), 0.05f))) {
                trainer.initialize(new Shape(batch, 3, size, size));
                for (int i = 0; i < warmUp; i++) {
                    ModelTrainer.step(trainer, x, y, size);
                }
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    ModelTrainer.step(trainer, x, y, size);
                }
                return steps * (double) batch / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
