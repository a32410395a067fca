package org.facemask.training;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param learningRate learning rate at the end of the epoch
 * @param trainLoss mean training loss
 * @param trainAccuracy training accuracy (on augmented images)
 * @param valLoss mean validation loss
 * @param valAccuracy validation accuracy
 * @param seconds wall time of the epoch, validation included
 * @param imagesPerSecond training throughput
 */
public record EpochStats(int epoch, float learningRate, double trainLoss, double trainAccuracy,
                         double valLoss, double valAccuracy, double seconds, double imagesPerSecond) {}
