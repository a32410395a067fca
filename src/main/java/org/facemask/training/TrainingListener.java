package org.facemask.training;

/** Hooks around the training loop; each concern (progress, CSV, plots) is its own listener. */
public interface TrainingListener {

    /**
     * Called after every training batch.
     *
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param batches batches per epoch
     * @param loss running mean loss of the epoch
     * @param accuracy running accuracy of the epoch
     * @param imagesPerSecond running throughput of the epoch
     */
    default void onBatch(int epoch, int batch, int batches, double loss, double accuracy, double imagesPerSecond) {}

    /**
     * Called after each epoch's validation.
     *
     * @param stats the epoch's measurements
     * @param best whether this epoch is the best so far (and was checkpointed)
     */
    default void onEpoch(EpochStats stats, boolean best) {}
}
