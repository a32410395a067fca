/**
 * Prediction log, reference profiles and drift detection: what the service saw, what the
 * training data looked like, and whether the two still agree. The drift report's HTML lives in
 * {@code report}. Also the labels people give predictions ({@link org.facemask.monitoring.Feedback},
 * in the log), the uploads kept for them ({@link org.facemask.monitoring.RetainedImages}) and
 * their export as a training dataset ({@link org.facemask.monitoring.FeedbackExport}).
 *
 * <p>May depend on {@code image}, {@code dataset}, {@code model} and {@code detection}; the service
 * ({@code serving}) writes the log through it.
 */
package org.facemask.monitoring;
