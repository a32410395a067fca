package org.facemask.video;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.facemask.detection.BoxCalibration;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;

/**
 * Reads a video (file, {@code rtsp://} / {@code http://} stream, or V4L2 camera such as
 * {@code /dev/video0}) with FFmpeg, follows and classifies the faces, and writes an annotated copy
 * with every input frame, the events and a summary.
 *
 * <p>Faces are detected and classified on a subset of frames: a frame is analysed when the
 * pipeline is not behind the video's clock (or on every frame with {@link Options#everyFrame});
 * the tracker carries the boxes through the others with its Kalman prediction.
 */
public final class VideoAnalyzer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Settings.
     *
     * @param everyFrame analyse every frame, however long it takes (offline); otherwise only as
     *     many as keep up with the video's frame rate
     * @param tracking the tracker's settings
     * @param alpha weight of the newest frame in each track's probability average
     * @param margin lead another class needs to take a track's label over
     * @param patience analysed frames in a row that lead must hold
     */
    public record Options(boolean everyFrame, Tracker.Settings tracking, double alpha, double margin, int patience,
                          BoxCalibration boxes) {

        /**
         * The default smoothing, with the given pacing and confident-detection score.
         *
         * @param everyFrame analyse every frame
         * @param highScore detections at or above it start tracks
         * @return the options
         */
        public static Options defaults(boolean everyFrame, double highScore) {
            return new Options(everyFrame, Tracker.Settings.defaults(highScore), LabelSmoother.DEFAULT_ALPHA,
                    LabelSmoother.DEFAULT_MARGIN, LabelSmoother.DEFAULT_PATIENCE, BoxCalibration.NONE);
        }

        /**
         * Returns these options with detector boxes calibrated before tracking.
         *
         * @param calibration the calibration of the detectors in use
         * @return the options
         */
        public Options withBoxes(BoxCalibration calibration) {
            return new Options(everyFrame, tracking, alpha, margin, patience, calibration);
        }
    }

    private final FaceDetector detector;
    private final MaskClassifier classifier;
    private final Options options;
    private BiConsumer<Long, List<Track>> frameListener = (frame, tracks) -> { };

    /**
     * An analyser; it does not own the models.
     *
     * @param detector finds faces; run it at a low score threshold, {@link Tracker.Settings#highScore}
     *     splits confident from low-score detections
     * @param classifier labels each face crop
     * @param options the settings
     */
    public VideoAnalyzer(FaceDetector detector, MaskClassifier classifier, Options options) {
        this.detector = detector;
        this.classifier = classifier;
        this.options = options;
    }

    /** Lets a test see each frame's tracks (frame index, tracks) as they are drawn. */
    void onFrame(BiConsumer<Long, List<Track>> listener) {
        this.frameListener = listener;
    }

    /**
     * Analyses a video.
     *
     * @param input a file path, an {@code rtsp://}, {@code http(s)://} or other FFmpeg URL, or a
     *     V4L2 device ({@code /dev/video0})
     * @param out the annotated MP4 to write
     * @param events the JSON-lines event file to write, or null for none
     * @return the summary
     * @throws IOException if the input cannot be opened or decoded, or the output not written;
     *     what was written so far stays a playable video
     */
    public VideoSummary run(String input, Path out, Path events) throws IOException {
        try (FFmpegFrameGrabber grabber = VideoInput.open(input)) {
            double fps = VideoInput.frameRate(grabber);
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            FaceTracking.warmUp(detector, classifier, width, height);
            try (FrameWriter writer = new FrameWriter(openRecorder(out, width, height, fps));
                 BufferedWriter eventLog = events == null ? null : Files.newBufferedWriter(events)) {
                return loop(input, grabber, writer, eventLog, fps);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IOException("video " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails fast, before any model is loaded, on a video file that is not there or that FFmpeg
     * cannot open; streams and devices are only opened by {@link #run}.
     *
     * @param input the INPUT as given: a file path, a URL or a device
     * @throws IOException if it names a file that does not exist or has no decodable video
     */
    public static void checkInput(String input) throws IOException {
        VideoInput.check(input);
    }

    private static FFmpegFrameRecorder openRecorder(Path out, int width, int height, double fps)
            throws FrameRecorder.Exception {
        // H.264 where the FFmpeg build has an encoder for it (the LGPL build: OpenH264), else MPEG-4 Part 2.
        int codec = avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_H264) != null ? avcodec.AV_CODEC_ID_H264
                : avcodec.AV_CODEC_ID_MPEG4;
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(codec);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        // About 0.2 bits per pixel: boxes and labels stay sharp.
        recorder.setVideoBitrate((int) Math.min(20_000_000, Math.max(500_000, width * height * fps * 0.2)));
        recorder.start();
        return recorder;
    }

    private VideoSummary loop(String input, FFmpegFrameGrabber grabber, FrameWriter writer,
            BufferedWriter eventLog, double fps) throws IOException {
        FaceTracking tracking = new FaceTracking(detector, classifier::predict, options, fps,
                event -> write(eventLog, event));
        Java2DFrameConverter in = new Java2DFrameConverter();
        Pacing pacing = options.everyFrame() ? Pacing.everyFrame(fps) : Pacing.realTime(fps);
        double maxLag = 0;
        // The clock starts when the first frame is in, as a live source's would.
        long start = 0;
        // A file's reads never wait for a source: time spent in them (a loaded machine) is lateness.
        boolean live = VideoInput.isStreamOrDevice(input);
        while (true) {
            Frame frame;
            long reading = System.nanoTime();
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("video " + input + ": decoding failed after " + tracking.frames() + " frames: "
                        + e.getMessage(), e);
            }
            if (frame == null) {
                break;
            }
            long index = tracking.frames();
            if (index == 0) {
                start = System.nanoTime();
            }
            BufferedImage image = in.getBufferedImage(frame);
            if (image == null) {
                continue;
            }
            double waited = live ? (System.nanoTime() - reading) / 1e9 : 0;
            List<Track> tracks = pacing.analyse(index, waited) ? tracking.analyse(image) : tracking.carry();
            frameListener.accept(index, tracks);
            FrameAnnotator.draw(image, tracks);
            writer.write(image);
            // How late this frame is done against a live clock that delivered it at its time.
            maxLag = Math.max(maxLag, pacing.lag(index));
        }
        List<Track> ended = tracking.finish();
        long frames = tracking.frames();
        if (frames == 0) {
            // It opened but gave nothing: e.g. an MP4 whose index comes last, from a server
            // that cannot seek. An empty output is no answer.
            throw new IOException("video " + input + ": no frame could be decoded");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summary(frames, tracking.analysed(), seconds, fps, maxLag, ended);
    }

    private static void write(BufferedWriter eventLog, VideoEvent event) {
        if (eventLog == null) {
            return;
        }
        try {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", round(event.time()));
            line.put("type", event.type());
            line.put("track", event.track());
            line.put("label", event.label());
            eventLog.write(JSON.writeValueAsString(line));
            eventLog.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event log", e);
        }
    }

    private static VideoSummary summary(long frames, long analysed, double seconds, double fps, double maxLag,
            List<Track> ended) {
        List<VideoSummary.TrackSummary> tracks = new ArrayList<>();
        Map<String, Integer> people = new TreeMap<>();
        for (Track t : ended) {
            tracks.add(new VideoSummary.TrackSummary(t.id(), round(t.firstFrame() / fps), round(t.lastFrame() / fps),
                    t.label(), round(t.maskedShare()), t.classifiedFrames()));
            if (t.label() != null) {
                people.merge(t.label(), 1, Integer::sum);
            }
        }
        double processing = seconds > 0 ? frames / seconds : 0;
        return new VideoSummary(frames, analysed, round(processing), round(fps), round(frames / fps),
                round(processing / fps), round(maxLag), tracks, people);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * Writes a summary as pretty JSON.
     *
     * @param summary the summary
     * @param file where to write it
     */
    public static void writeJson(VideoSummary summary, Path file) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
