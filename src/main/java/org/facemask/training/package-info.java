/**
 * Training the ResNet18 classifier with DJL: in-memory decoded images, augmentation, AdamW with
 * a warm-up + cosine schedule, best-checkpoint selection on validation, and listeners for the
 * progress bar, the metrics CSV and the training-curve plot. {@link org.facemask.training.ModelTrainer}
 * is the entry point.
 */
package org.facemask.training;
