/**
 * Measuring a classifier on a labelled dataset: the classification report (precision, recall,
 * F1, support, accuracy, macro and weighted averages), confusion matrix (text, JSON and PNG),
 * ROC-AUC and expected calibration error ({@link org.facemask.evaluation.Evaluator}); and
 * detection plus classification on annotated scene photos
 * ({@link org.facemask.evaluation.SceneEvaluator}), with the detector-box crops for training that
 * share its face matching ({@link org.facemask.evaluation.DetectedCrops}).
 *
 * <p>May depend on {@code image}, {@code dataset}, {@code model} and {@code detection}; the
 * service never depends on it (ArchitectureTest).
 */
package org.facemask.evaluation;
