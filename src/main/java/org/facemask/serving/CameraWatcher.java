package org.facemask.serving;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.facemask.detection.FaceDetector;
import org.facemask.detection.PeopleCount;
import org.facemask.image.DecodedImage;
import org.facemask.model.ModelMetadata;
import org.facemask.monitoring.ImageFeatures;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;
import org.facemask.video.FaceTracking;
import org.facemask.video.Pacing;
import org.facemask.video.Track;
import org.facemask.video.VideoAnalyzer;
import org.facemask.video.VideoEvent;
import org.facemask.video.VideoInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one camera ({@code serve --camera}) on a thread of its own: reads the stream with
 * FFmpeg at its own pace, analyses a frame whenever the analysis is not behind the stream's clock
 * and carries the tracks through the others (frames are dropped, never queued), and writes one
 * prediction-log row per person: when a track leaves, with its smoothed label. When the stream
 * fails or ends it is opened again, after a back-off that doubles up to 30 s.
 */
final class CameraWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraWatcher.class);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final String name;
    private final String url;
    private final Supplier<FaceDetector> detector;
    private final VideoAnalyzer.Options trackingOptions;
    private final LiveModel models;
    private final Admission admission;
    private final ServingMetrics metrics;
    private final PredictionLogWriter log;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param name the camera's name: the metrics' {@code stream} tag and the log rows' endpoint
     *     {@code camera:NAME}
     * @param url what FFmpeg opens: a stream URL, a device or a file
     * @param detector the shared video detectors
     * @param tracking the tracking settings (the detectors' box calibration among them)
     * @param models the service's model (the one served at each frame labels it)
     * @param admission every analysed frame takes a place, like a request
     * @param metrics where frames are counted
     * @param log where people are written, or null for nowhere
     */
    CameraWatcher(String name, String url, Supplier<FaceDetector> detector, VideoAnalyzer.Options tracking,
            LiveModel models, Admission admission, ServingMetrics metrics, PredictionLogWriter log) {
        this.name = name;
        this.url = url;
        this.detector = detector;
        this.trackingOptions = tracking;
        this.models = models;
        this.admission = admission;
        this.metrics = metrics;
        this.log = log;
        metrics.stream(name);
        this.thread = new Thread(this::run, "camera-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (!closed) {
            try {
                if (watch()) {
                    backoff = FIRST_BACKOFF_MILLIS;
                }
                LOG.info("camera {}: the stream ended; reconnecting in {} ms", name, backoff);
            } catch (IOException e) {
                LOG.warn("camera {}: {}; reconnecting in {} ms", name, e.getMessage(), backoff);
            } catch (ServiceException e) {
                if (e.reason() == ServiceException.Reason.STOPPING) {
                    return;
                }
                LOG.warn("camera {}: {}; reconnecting in {} ms", name, e.getMessage(), backoff);
            } catch (RuntimeException e) {
                LOG.error("camera {} failed; reconnecting in {} ms", name, backoff, e);
            }
            metrics.streamReconnect(name);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** Reads the stream until it ends or fails; returns whether any frame came. */
    private boolean watch() throws IOException {
        try (FFmpegFrameGrabber grabber = VideoInput.open(url)) {
            double fps = VideoInput.frameRate(grabber);
            Session session = new Session(fps);
            Pacing pacing = Pacing.realTime(fps);
            Java2DFrameConverter converter = new Java2DFrameConverter();
            while (!closed) {
                long reading = System.nanoTime();
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                BufferedImage image = converter.getBufferedImage(frame);
                if (image == null) {
                    continue;
                }
                long index = session.tracking.frames();
                metrics.streamFrame(name, "in");
                boolean analyse = pacing.analyse(index, (System.nanoTime() - reading) / 1e9);
                double early = -pacing.lag(index);
                if (early > 0) {
                    // A file (or a replay) reads faster than real time: keep to the stream's clock.
                    Thread.sleep((long) (early * 1000));
                }
                session.next(image, analyse);
                metrics.streamLag(name, (long) (pacing.lag(index) * 1e9));
            }
            session.finish();
            return session.tracking.frames() > 0;
        } catch (FrameGrabber.Exception e) {
            throw new IOException("reading failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.withoutStackTrace(ServiceException.Reason.STOPPING, "stopping");
        }
    }

    /** One connection's tracking; people are logged as they leave. */
    private final class Session {

        final FaceTracking tracking;
        // Each labelled track's smoothed probabilities, as of its last classification.
        private final Map<Integer, Map<String, Double>> probabilities = new HashMap<>();
        private final long started = System.currentTimeMillis();
        private BufferedImage current;
        private double analysisMillis;

        Session(double fps) {
            this.tracking = new FaceTracking(detector.get(), models::predict, trackingOptions, fps, this::event);
        }

        void next(BufferedImage image, boolean analyse) {
            current = image;
            Admission.Ticket ticket = analyse ? admit() : null;
            if (ticket != null) {
                try {
                    long begin = System.nanoTime();
                    List<Track> tracks = tracking.analyse(image);
                    analysisMillis = (System.nanoTime() - begin) / 1e6;
                    for (Track t : tracks) {
                        if (t.label() != null) {
                            probabilities.put(t.id(), t.probabilities());
                        }
                    }
                } finally {
                    ticket.close();
                }
                metrics.streamFrame(name, "analysed");
                return;
            }
            tracking.carry();
            metrics.streamFrame(name, "dropped");
        }

        /** A place among the admitted requests, or null when the service is full: the frame is dropped. */
        private Admission.Ticket admit() {
            try {
                return admission.enter();
            } catch (ServiceException e) {
                if (e.reason() == ServiceException.Reason.STOPPING) {
                    throw e;
                }
                return null;
            }
        }

        void finish() {
            if (tracking.frames() > 0) {
                tracking.finish();
            }
        }

        // The camera does not wait for the log: a failed write is logged by the callback.
        @SuppressWarnings("FutureReturnValueIgnored")
        private void event(VideoEvent event) {
            if (!event.type().equals(VideoEvent.LEAVE)) {
                return;
            }
            Map<String, Double> smoothed = probabilities.remove(event.track());
            if (log == null || smoothed == null || current == null) {
                return;
            }
            Map<String, Float> floats = new LinkedHashMap<>();
            smoothed.forEach((label, p) -> floats.put(label, p.floatValue()));
            ModelMetadata meta = models.info().metadata();
            DecodedImage frame = new DecodedImage(current, "video", "RGB", current.getWidth(), current.getHeight());
            PredictionRecord record = new PredictionRecord(Instant.now(), requestId(event.track()), "camera:" + name,
                    meta.name(), meta.createdAt() != null ? meta.createdAt() : "unknown", event.label(),
                    smoothed.getOrDefault(event.label(), 0.0), floats, analysisMillis,
                    ImageFeatures.of(frame, 0), PeopleCount.of(List.of(event.label())));
            log.append(record).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("camera {}: a person could not be logged: {}", name, error.getMessage());
                }
            });
        }

        private String requestId(int track) {
            // Track ids start again on each connection: the connection's start tells them apart.
            String id = name + "-" + started + "-" + track;
            return id.length() <= 64 ? id : id.substring(id.length() - 64);
        }
    }

    /** Stops reading; the thread ends after the frame in hand. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
