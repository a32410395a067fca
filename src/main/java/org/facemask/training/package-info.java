/**
 * Training the ResNet18 classifier with DJL: in-memory decoded images, augmentation, AdamW with
 * a warm-up + cosine schedule, best-checkpoint selection on validation, and listeners for the
 * progress bar, the metrics CSV and the training-curve plot. {@link org.facemask.training.ModelTrainer}
 * is the entry point; {@link org.facemask.training.Retrainer} fine-tunes a served model on feedback
 * and lets {@link org.facemask.training.RetrainGate} decide whether it may replace it.
 *
 * <p>May depend on every package below {@code cli} except the service and the reports: it
 * evaluates with {@code evaluation} and writes the reference profile of {@code monitoring}.
 */
package org.facemask.training;
