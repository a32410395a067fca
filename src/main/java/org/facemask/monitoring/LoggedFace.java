package org.facemask.monitoring;

/**
 * One face of a logged prediction, as the answer gave it (index order): where, in the upload's
 * own pixels (EXIF orientation applied), and how it was classified.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge
 * @param y2 bottom edge
 * @param label the face's predicted class
 * @param confidence that class's probability
 */
public record LoggedFace(double x1, double y1, double x2, double y2, String label, double confidence) {}
