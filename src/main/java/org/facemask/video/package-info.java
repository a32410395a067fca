/**
 * Video: faces followed across frames (Kalman filter and IoU matching, SORT / ByteTrack style),
 * class probabilities smoothed per track, enter / label / leave events, and the FFmpeg (JavaCV)
 * pipeline that reads a file, stream or camera and writes the annotated video
 * ({@link org.facemask.video.VideoAnalyzer}).
 *
 * <p>May depend on {@code image}, {@code dataset}, {@code model} and {@code detection}.
 */
package org.facemask.video;
