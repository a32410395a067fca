package org.facemask.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.facemask.detection.BoxCalibration;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.video.FaceTracking;
import org.facemask.video.Track;
import org.facemask.video.VideoAnalyzer;
import org.facemask.video.VideoEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live video from clients (a browser's webcam): one {@link FaceTracking} per stream on the
 * service's classifier and one shared set of video detectors, at most {@code maxStreams} streams
 * at once. A stream keeps at most one frame waiting: a client that sends faster than its frames
 * are analysed has the older waiting frame dropped (answered as carried by the tracker), so
 * nothing queues without bound. Each analysed frame takes a place in the service's
 * {@link Admission}, like a prediction request; when none comes free the frame is carried too.
 */
public final class LiveStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStreams.class);

    /** Frame rate assumed for a stream whose client does not say (event times only). */
    public static final double DEFAULT_FPS = 10;
    /** Face score at which a detection can start a track: {@code facemask video}'s default. */
    static final double TRACK_THRESHOLD = 0.5;
    /** The metrics' {@code stream} tag of the clients' streams. */
    static final String CLIENT_STREAM = "websocket";

    /**
     * One confirmed track on a frame.
     *
     * @param id the track id
     * @param box its box in the frame's pixels (Kalman estimate)
     * @param label the smoothed label, null before the first classification
     * @param probabilities the smoothed class probabilities, empty before the first classification
     * @param visible whether the face was matched on the last analysed frame
     */
    public record TrackView(int id, Box box, String label, Map<String, Double> probabilities, boolean visible) {

        static TrackView of(Track t) {
            DetectedFace b = t.box();
            return new TrackView(t.id(), new Box(round(b.x1()), round(b.y1()), round(b.x2()), round(b.y2())),
                    t.label(), t.probabilities(), t.visible());
        }
    }

    /**
     * A box's corners, in pixels.
     *
     * @param x1 left
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     */
    public record Box(double x1, double y1, double x2, double y2) {}

    /**
     * The answer to one frame.
     *
     * @param frame the frame's index in the stream, from 0
     * @param analysed whether faces were detected and classified on it; false when it was dropped
     *     and the tracker carried the boxes along their predicted paths
     * @param width the frame's width (0 for a dropped frame, which is never decoded)
     * @param height the frame's height
     * @param tracks the confirmed tracks after it
     * @param events the enter / label / leave events it caused
     * @param millis time from the frame's arrival to this answer
     */
    public record Frame(long frame, boolean analysed, int width, int height, List<TrackView> tracks,
                        List<VideoEvent> events, double millis) {}

    /** Where a stream's answers go; called on the stream's own thread, one at a time. */
    public interface Listener {

        /**
         * Takes the answer to a frame.
         *
         * @param answer the answer
         */
        void frame(Frame answer);

        /**
         * Takes a frame that could not be read (not an image, too large): it does not count as a
         * frame of the stream.
         *
         * @param error why
         */
        void rejected(ServiceException error);
    }

    private final LiveModel models;
    private final DetectorSpec detectors;
    private final Admission admission;
    private final ServingMetrics metrics;
    private final ImageDecoder decoder;
    private final ServerConfig config;
    private final long maxFrameBytes;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();
    private final List<CameraWatcher> cameras = new ArrayList<>();
    private FaceDetector detector;
    private boolean closed;

    /**
     * The live streams of a service; it owns the video detectors it loads, not the model.
     *
     * @param models the service's model: each analysed frame is labelled by the one being served
     *     then, so streams follow a hot swap
     * @param config the service's settings: its face detectors (run as video detectors, at half
     *     their minimum score), pixel and upload limits, and the stream limit
     * @param admission the service's admission
     * @param metrics where the streams are counted
     */
    public LiveStreams(LiveModel models, ServerConfig config, Admission admission, ServingMetrics metrics) {
        this.models = models;
        this.detectors = FaceTracking.videoDetectors(config.faceDetection(), false, false);
        this.admission = admission;
        this.metrics = metrics;
        this.decoder = new ImageDecoder(config.maxPixels());
        this.config = config;
        this.maxFrameBytes = config.maxUploadBytes();
        this.maxStreams = config.maxStreams();
        metrics.stream(CLIENT_STREAM);
        metrics.gauge("facemask.streams.open", "Live video streams from clients being served", Map.of(), open::get);
    }

    /** The tracking settings of every stream: service defaults, the detectors' boxes calibrated. */
    private VideoAnalyzer.Options trackingOptions() {
        return VideoAnalyzer.Options.defaults(false, TRACK_THRESHOLD).withBoxes(BoxCalibration.of(detectors));
    }

    /**
     * Opens a stream and its thread.
     *
     * @param fps the frame rate the client sends at, for event times
     * @param listener takes the answers
     * @return the stream; close it when the client goes
     * @throws ServiceException {@code OVERLOADED} when {@code maxStreams} are open, {@code NOT_READY}
     *     when the service finds no faces, {@code STOPPING} once stopped
     */
    public Stream open(double fps, Listener listener) {
        if (!detectors.enabled()) {
            throw new ServiceException(ServiceException.Reason.NOT_READY,
                    "live video needs face detection, and this service runs with --detector none");
        }
        if (!(fps > 0 && fps <= 120)) {
            throw new IllegalArgumentException("fps must be in (0, 120], not " + fps);
        }
        synchronized (this) {
            if (closed) {
                throw ServiceException.withoutStackTrace(ServiceException.Reason.STOPPING, "the service is stopping");
            }
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw ServiceException.withoutStackTrace(ServiceException.Reason.OVERLOADED,
                    "the service is at its limit of " + maxStreams + " live streams; retry later");
        }
        Stream stream = new Stream(fps, listener);
        Thread thread = new Thread(stream::run, "live-stream");
        thread.setDaemon(true);
        thread.start();
        return stream;
    }

    /** The video detectors, loaded for the first stream and shared by all. */
    private synchronized FaceDetector detector() {
        if (closed) {
            throw ServiceException.withoutStackTrace(ServiceException.Reason.STOPPING, "the service is stopping");
        }
        if (detector == null) {
            detector = detectors.load();
        }
        return detector;
    }

    /**
     * Starts watching the configured cameras ({@link ServerConfig#cameras()}), each on its own thread.
     *
     * @param log where the people they see are written, or null for nowhere
     */
    public void watchCameras(PredictionLogWriter log) {
        if (!config.cameras().isEmpty() && !detectors.enabled()) {
            throw new IllegalArgumentException("--camera needs face detection: --detector none is not supported");
        }
        config.cameras().forEach((name, url) -> {
            CameraWatcher watcher = new CameraWatcher(name, url, this::detector, trackingOptions(), models, admission,
                    metrics, log);
            synchronized (this) {
                cameras.add(watcher);
            }
            watcher.start();
        });
    }

    /**
     * Stops the cameras, then frees the video detectors; streams still open get {@code STOPPING}
     * on their next frame.
     */
    @Override
    public void close() {
        List<CameraWatcher> watching;
        synchronized (this) {
            closed = true;
            watching = List.copyOf(cameras);
        }
        watching.forEach(CameraWatcher::close);
        closeDetector();
    }

    private synchronized void closeDetector() {
        if (detector != null) {
            detector.close();
            detector = null;
        }
    }

    /** One client's stream: at most one frame waiting, analysed on the stream's own thread. */
    public final class Stream implements AutoCloseable {

        private final double fps;
        private final Listener listener;
        private final List<VideoEvent> events = new ArrayList<>();
        private byte[] waiting;
        private long waitingSince;
        private int dropped;
        private boolean ended;

        private Stream(double fps, Listener listener) {
            this.fps = fps;
            this.listener = listener;
        }

        /**
         * Takes the next frame; returns at once. A frame still waiting from before is dropped.
         *
         * @param jpeg the frame, an encoded image (JPEG, PNG, ...)
         */
        public void offer(byte[] jpeg) {
            metrics.streamFrame(CLIENT_STREAM, "in");
            synchronized (this) {
                if (ended) {
                    return;
                }
                if (waiting != null) {
                    dropped++;
                }
                waiting = jpeg;
                waitingSince = System.nanoTime();
                notifyAll();
            }
        }

        /** Ends the stream: its thread stops after the frame in hand, without answering more. */
        @Override
        public void close() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                waiting = null;
                notifyAll();
            }
            open.decrementAndGet();
        }

        private void run() {
            FaceTracking tracking = null;
            while (true) {
                byte[] bytes;
                long since;
                int carried;
                synchronized (this) {
                    while (waiting == null && !ended) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (ended) {
                        return;
                    }
                    bytes = waiting;
                    since = waitingSince;
                    carried = dropped;
                    waiting = null;
                    dropped = 0;
                }
                try {
                    if (tracking == null) {
                        tracking = new FaceTracking(detector(), models::predict,
                                trackingOptions(), fps, events::add);
                    }
                    for (int i = 0; i < carried; i++) {
                        carry(tracking, since);
                    }
                    next(tracking, bytes, since);
                } catch (ServiceException e) {
                    listener.rejected(e);
                } catch (RuntimeException e) {
                    LOG.error("live stream failed on a frame", e);
                    listener.rejected(new ServiceException(ServiceException.Reason.FAILED,
                            "the frame could not be analysed: " + e.getMessage(), e));
                }
            }
        }

        private void next(FaceTracking tracking, byte[] bytes, long since) {
            if (bytes.length > maxFrameBytes) {
                throw new ServiceException(ServiceException.Reason.IMAGE_TOO_LARGE, "a frame of " + bytes.length
                        + " bytes is over the limit of " + maxFrameBytes);
            }
            DecodedImage image = decode(bytes);
            Admission.Ticket ticket;
            try {
                ticket = admission.enter();
            } catch (ServiceException e) {
                if (e.reason() == ServiceException.Reason.STOPPING) {
                    throw e;
                }
                // The service is full: this frame is carried like one the client sent too early.
                carry(tracking, since);
                return;
            }
            try (ticket) {
                List<Track> tracks = tracking.analyse(image.rgb());
                metrics.streamFrame(CLIENT_STREAM, "analysed");
                answer(tracking, tracks, true, image.width(), image.height(), since);
            }
        }

        private void carry(FaceTracking tracking, long since) {
            metrics.streamFrame(CLIENT_STREAM, "dropped");
            answer(tracking, tracking.carry(), false, 0, 0, since);
        }

        private void answer(FaceTracking tracking, List<Track> tracks, boolean analysed, int width, int height,
                long since) {
            long lag = System.nanoTime() - since;
            metrics.streamLag(CLIENT_STREAM, lag);
            Frame answer = new Frame(tracking.frames() - 1, analysed, width, height,
                    tracks.stream().map(TrackView::of).toList(), List.copyOf(events), round(lag / 1e6));
            events.clear();
            listener.frame(answer);
        }

        private DecodedImage decode(byte[] bytes) {
            if (bytes.length == 0) {
                throw new ServiceException(ServiceException.Reason.EMPTY_IMAGE, "the frame is empty");
            }
            try {
                return decoder.decode(bytes);
            } catch (ImageDecodingException e) {
                throw ClassificationService.unreadable(e);
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
