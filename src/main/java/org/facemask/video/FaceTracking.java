package org.facemask.video;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.facemask.detection.BoxCalibration;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;

/**
 * The faces of one stream, frame by frame, whatever the frames come from (a decoded file, a
 * camera, a browser's webcam, generated clips): detects and classifies on the frames it is told to
 * analyse, carries the tracks through the others, and reports {@code enter}, {@code label} and
 * {@code leave} events from smoothed labels only. One per stream; not thread-safe.
 */
public final class FaceTracking {

    /** The class that counts as masked in a track's {@code masked_share}. */
    public static final String MASK = "mask";
    /** The detector input long side for video unless one is given: 640x480 as it comes. */
    public static final int VIDEO_LONG_SIDE = 640;
    /** The detectors run at this share of their usual minimum score: the tracker uses the rest. */
    public static final double LOW_SCORE_SHARE = 0.5;

    private final FaceDetector detector;
    private final Function<List<BufferedImage>, List<Prediction>> classifier;
    private final double fps;
    private final Consumer<VideoEvent> events;
    private final Tracker tracker;
    private final BoxCalibration boxes;
    private final List<Track> ended = new ArrayList<>();
    private long frames;
    private long analysed;

    /**
     * Tracking for one stream; it does not own the models.
     *
     * @param detector finds faces; run it at a low score threshold, {@link Tracker.Settings#highScore}
     *     splits confident from low-score detections
     * @param classifier labels the face crops of a frame, in order (a {@link MaskClassifier}'s
     *     {@code predict}, or a service's model of the moment)
     * @param options tracking and smoothing settings
     * @param fps the stream's frame rate, which turns frame indices into event times
     * @param events receives each event as it happens
     */
    public FaceTracking(FaceDetector detector, Function<List<BufferedImage>, List<Prediction>> classifier,
            VideoAnalyzer.Options options, double fps, Consumer<VideoEvent> events) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("frame rate must be positive: " + fps);
        }
        this.detector = detector;
        this.classifier = classifier;
        this.fps = fps;
        this.events = events;
        this.boxes = options.boxes();
        this.tracker = new Tracker(options.tracking(),
                () -> new LabelSmoother(options.alpha(), options.margin(), options.patience()));
    }

    /**
     * The photo detectors turned into video ones: low-score detections keep tracks alive, so the
     * detectors run at {@link #LOW_SCORE_SHARE} of their usual minimum scores, and frames are
     * searched at {@link #VIDEO_LONG_SIDE} px; settings the user gave are kept.
     *
     * @param photo the detectors as configured for photos
     * @param keepThresholds whether the thresholds were given explicitly
     * @param keepSize whether the detector input size was given explicitly
     * @return the detectors for video
     */
    public static DetectorSpec videoDetectors(DetectorSpec photo, boolean keepThresholds, boolean keepSize) {
        if (!photo.enabled()) {
            return photo;
        }
        List<Double> thresholds = keepThresholds ? photo.thresholds()
                : photo.thresholds().stream().map(t -> t * LOW_SCORE_SHARE).toList();
        return new DetectorSpec(photo.files(), thresholds, photo.grid(), keepSize ? photo.longSide() : VIDEO_LONG_SIDE,
                photo.check(), photo.checkThreshold());
    }

    /**
     * Runs both models once on blank images: the first inference allocates and plans, and should
     * not count against a video's clock.
     *
     * @param detector the face detector
     * @param classifier the classifier
     * @param width the frame width
     * @param height the frame height
     */
    static void warmUp(FaceDetector detector, MaskClassifier classifier, int width, int height) {
        detector.detect(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB));
        classifier.predict(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
    }

    /**
     * Takes the next frame and analyses it: detection, tracking, one classification per face seen.
     *
     * @param image the frame
     * @return the confirmed tracks after it
     */
    public List<Track> analyse(BufferedImage image) {
        List<Track> tracks = tracker.update(detector.detect(image).stream().map(boxes::apply).toList());
        classify(image, tracks);
        analysed++;
        return next(tracks);
    }

    /**
     * Takes the next frame without looking at it: the tracks move on their predicted paths.
     *
     * @return the confirmed tracks after it
     */
    public List<Track> carry() {
        return next(tracker.predict());
    }

    private List<Track> next(List<Track> tracks) {
        for (Track t : tracker.drainRemoved()) {
            leave(t);
        }
        frames++;
        return tracks;
    }

    /**
     * Ends the stream: every open track leaves.
     *
     * @return every track that was confirmed during the stream, in id order
     */
    public List<Track> finish() {
        for (Track t : tracker.finish()) {
            leave(t);
        }
        return ended.stream().sorted(Comparator.comparingInt(Track::id)).toList();
    }

    /** Returns the frames taken so far. */
    public long frames() {
        return frames;
    }

    /** Returns the frames analysed so far. */
    public long analysed() {
        return analysed;
    }

    /** Returns the time of the last frame taken, in seconds from the first. */
    public double time() {
        return Math.max(0, frames - 1) / fps;
    }

    private void classify(BufferedImage image, List<Track> tracks) {
        List<Track> seen = tracks.stream().filter(t -> t.detection() != null).toList();
        if (seen.isEmpty()) {
            return;
        }
        List<BufferedImage> crops = new ArrayList<>(seen.size());
        for (Track t : seen) {
            crops.add(t.detection().crop(image, DetectedFace.CROP_MARGIN));
        }
        List<Prediction> predictions = classifier.apply(crops);
        double time = frames / fps;
        for (int i = 0; i < seen.size(); i++) {
            Track t = seen.get(i);
            String before = t.label();
            String after = t.classified(predictions.get(i).probabilities(), MASK);
            if (before == null) {
                events.accept(new VideoEvent(time, VideoEvent.ENTER, t.id(), after));
            } else if (!before.equals(after)) {
                events.accept(new VideoEvent(time, VideoEvent.LABEL, t.id(), after));
            }
        }
    }

    private void leave(Track t) {
        ended.add(t);
        if (t.label() != null) {
            events.accept(new VideoEvent(t.lastFrame() / fps, VideoEvent.LEAVE, t.id(), t.label()));
        }
    }
}
