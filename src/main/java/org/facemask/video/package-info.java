/**
 * Video: faces followed across frames (Kalman filter and IoU matching, SORT / ByteTrack style),
 * class probabilities smoothed per track, enter / label / leave events, and the FFmpeg (JavaCV)
 * pipeline that reads a file, stream or camera and writes the annotated video
 * ({@link org.facemask.video.VideoAnalyzer}), and the measurement of tracking quality on pan-and-zoom
 * clips made from annotated photos: CLEAR-MOT and IDF1 ({@link org.facemask.video.VideoEvaluation}).
 *
 * <p>May depend on {@code image}, {@code dataset}, {@code model} and {@code detection}.
 */
package org.facemask.video;
