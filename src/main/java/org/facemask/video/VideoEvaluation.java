package org.facemask.video;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;

/**
 * Measures tracking quality on pan-and-zoom clips made from annotated scene photos
 * ({@link PanZoomClip}): each clip runs through {@link FaceTracking} frame by frame, and the
 * tracks drawn on each frame are scored against the photo's faces seen through the same viewport
 * ({@link TrackingMetrics}), with the label changes per track-minute and the processing speed.
 */
public final class VideoEvaluation {

    private VideoEvaluation() {}

    /**
     * How the clips are made and paced.
     *
     * @param seed picks every clip's viewport path (mixed with the photo's file name)
     * @param seconds clip length
     * @param stride analyse every {@code stride}-th frame, when not {@code realTime}
     * @param realTime analyse as many frames as keep up with the clip's 25 frames/s, as
     *     {@code facemask video} does by default (depends on the machine and its load)
     */
    public record Settings(long seed, double seconds, int stride, boolean realTime) {

        /** Validates. */
        public Settings {
            if (!(seconds >= 0.2 && seconds <= 600)) {
                throw new IllegalArgumentException("clip length must be 0.2 to 600 s, not " + seconds);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("the stride must be at least 1, not " + stride);
            }
        }

        /** Returns the clip length in frames. */
        int frames() {
            return (int) Math.round(seconds * PanZoomClip.FPS);
        }

        Pacing pacing() {
            return realTime ? Pacing.realTime(PanZoomClip.FPS) : Pacing.stride(stride);
        }
    }

    /**
     * The measurements.
     *
     * @param clips clips (one per photo)
     * @param frames frames over all clips
     * @param framesAnalysed frames on which faces were detected and classified
     * @param groundTruth true face boxes over all frames
     * @param identities true faces (per clip, over all clips)
     * @param tracks confirmed tracks
     * @param idf1 IDF1
     * @param mota MOTA
     * @param idSwitches identity switches
     * @param misses true boxes no track matched
     * @param falsePositives track boxes matching no true box
     * @param recall share of true boxes matched by a track
     * @param labelFlips smoothed label changes ({@code label} events)
     * @param trackMinutes the tracks' lives added up (first to last detection), minutes
     * @param labelFlipsPerTrackMinute label flips per track-minute
     * @param fpsProcessing frames per second through {@link FaceTracking} (clip rendering not counted)
     */
    public record Result(int clips, long frames, long framesAnalysed, long groundTruth, int identities, int tracks,
            double idf1, double mota, long idSwitches, long misses, long falsePositives, double recall,
            long labelFlips, double trackMinutes, double labelFlipsPerTrackMinute, double fpsProcessing) {}

    /**
     * Makes one clip per chosen photo and measures tracking on them.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param photos which photos, by image file name
     * @param detector finds faces, at the low video thresholds ({@link FaceTracking#videoDetectors})
     * @param classifier labels each face crop
     * @param options tracking and smoothing settings
     * @param settings clips and pacing
     * @return the measurements
     * @throws IOException if the folder, an annotation or a photo cannot be read
     */
    public static Result evaluate(Path vocDir, Predicate<String> photos, FaceDetector detector,
            MaskClassifier classifier, VideoAnalyzer.Options options, Settings settings) throws IOException {
        FaceTracking.warmUp(detector, classifier, PanZoomClip.WIDTH, PanZoomClip.HEIGHT);
        Tally tally = new Tally();
        VocCrops.forEachPhoto(vocDir, photos, (annotation, photo) -> tally.clip(
                new PanZoomClip(photo, annotation.faces(), settings.frames(), clipSeed(settings.seed(),
                        annotation.imageFile())), detector, classifier, options, settings.pacing()));
        return tally.result();
    }

    /** Each photo's clip depends on the seed and its own name only, not on which other photos run. */
    static long clipSeed(long seed, String imageFile) {
        return seed * 1_000_003L + imageFile.hashCode();
    }

    /** The running counts behind a {@link Result}. */
    private static final class Tally {
        private final TrackingMetrics metrics = new TrackingMetrics();
        private int clips;
        private long analysed;
        private int identities;
        private int tracks;
        private long flips;
        private long trackFrames;
        private long busyNanos;

        void clip(PanZoomClip clip, FaceDetector detector, MaskClassifier classifier, VideoAnalyzer.Options options,
                Pacing pacing) {
            long[] labelEvents = {0};
            FaceTracking tracking = new FaceTracking(detector, classifier::predict, options, PanZoomClip.FPS, e -> {
                if (e.type().equals(VideoEvent.LABEL)) {
                    labelEvents[0]++;
                }
            });
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < clip.frames(); i++) {
                BufferedImage frame = clip.frame(i);
                long start = System.nanoTime();
                List<Track> now = pacing.analyse(i, 0) ? tracking.analyse(frame) : tracking.carry();
                busyNanos += System.nanoTime() - start;
                List<TrackingMetrics.Box> truth = new ArrayList<>();
                for (PanZoomClip.TruthBox t : clip.truth(i)) {
                    truth.add(new TrackingMetrics.Box(t.id(), t.box()));
                    seen.add(t.id());
                }
                // What the annotated video shows: the visible tracks' boxes.
                List<TrackingMetrics.Box> shown = now.stream().filter(Track::visible)
                        .map(t -> new TrackingMetrics.Box(t.id(), t.box())).toList();
                metrics.frame(truth, shown);
            }
            for (Track t : tracking.finish()) {
                tracks++;
                trackFrames += t.lastFrame() - t.firstFrame() + 1;
            }
            metrics.endClip();
            clips++;
            analysed += tracking.analysed();
            identities += seen.size();
            flips += labelEvents[0];
        }

        Result result() {
            double trackMinutes = trackFrames / PanZoomClip.FPS / 60;
            return new Result(clips, metrics.frames(), analysed, metrics.truths(), identities, tracks, metrics.idf1(),
                    metrics.mota(), metrics.idSwitches(), metrics.misses(), metrics.falsePositives(),
                    metrics.recall(), flips, trackMinutes, trackMinutes == 0 ? Double.NaN : flips / trackMinutes,
                    busyNanos == 0 ? 0 : metrics.frames() / (busyNanos / 1e9));
        }
    }

    /**
     * Writes the result as JSON with snake_case keys.
     *
     * @param result the measurements
     * @param file where
     * @throws IOException if it cannot be written
     */
    public static void writeJson(Result result, Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("idf1", result.idf1());
        doc.put("mota", result.mota());
        doc.put("id_switches", result.idSwitches());
        doc.put("label_flips_per_track_minute", result.labelFlipsPerTrackMinute());
        doc.put("recall", result.recall());
        doc.put("fps_processing", result.fpsProcessing());
        doc.put("clips", result.clips());
        doc.put("frames", result.frames());
        doc.put("frames_analysed", result.framesAnalysed());
        doc.put("ground_truth_boxes", result.groundTruth());
        doc.put("ground_truth_objects", result.identities());
        doc.put("tracks", result.tracks());
        doc.put("misses", result.misses());
        doc.put("false_positives", result.falsePositives());
        doc.put("label_flips", result.labelFlips());
        doc.put("track_minutes", result.trackMinutes());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }
}
