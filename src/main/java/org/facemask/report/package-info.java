/**
 * Offline reports for people: the dataset EDA page ({@link org.facemask.report.EdaReport}) and the
 * drift report ({@link org.facemask.report.DriftReport}), self-contained HTML pages with charts
 * drawn by JFreeChart and inlined as PNG.
 *
 * <p>May depend on {@code image}, {@code dataset}, {@code model} and {@code monitoring}; only
 * {@code cli} depends on it. The service never does (ArchitectureTest), so JFreeChart stays off
 * the serving path.
 */
package org.facemask.report;
