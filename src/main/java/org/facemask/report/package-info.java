/**
 * Offline reports for people: the dataset EDA page ({@link org.facemask.report.EdaReport}), the
 * drift report ({@link org.facemask.report.DriftReport}) and the robustness report
 * ({@link org.facemask.report.RobustnessReport}): self-contained HTML pages with charts drawn by
 * JFreeChart and inlined as PNG.
 *
 * <p>May depend on {@code image}, {@code dataset}, {@code model}, {@code monitoring},
 * {@code evaluation} and {@code robustness}; only {@code cli} depends on it. The service never
 * does (ArchitectureTest), so JFreeChart stays off the serving path.
 */
package org.facemask.report;
