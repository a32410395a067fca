/**
 * Measuring a classifier on a labelled dataset: the classification report (precision, recall,
 * F1, support, accuracy, macro and weighted averages), confusion matrix (text, JSON and PNG),
 * ROC-AUC and expected calibration error. {@link org.facemask.evaluation.Evaluator} is the entry point.
 */
package org.facemask.evaluation;
