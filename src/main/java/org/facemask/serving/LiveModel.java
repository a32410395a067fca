package org.facemask.serving;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelMetadata;
import org.facemask.model.Prediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model being served, which a newer one may replace while requests run. A request takes a
 * {@link Lease} on the model current when it starts and keeps it to the end, so it is answered by
 * one model from start to finish; a {@link #swap} makes the next requests use the new model at
 * once, and closes the old one when its last lease is returned.
 */
public final class LiveModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

    /**
     * What is being served, as {@code GET /v1/model} and the prediction log report it.
     *
     * @param metadata the model's {@code model.json}
     * @param registryVersion the registry version it was loaded from, or null without a registry
     * @param loadedAt when it started serving
     * @param flipAveraging whether predictions average the image and its mirror
     */
    public record Info(ModelMetadata metadata, String registryVersion, Instant loadedAt, boolean flipAveraging) {

        /** Returns the model's version: its creation time, or {@code unknown}. */
        public String version() {
            return metadata.createdAt() != null ? metadata.createdAt() : "unknown";
        }
    }

    /** One model and the leases on it; the live model holds one lease itself until it is replaced. */
    private static final class Served {

        final MaskClassifier classifier;
        final Info info;
        // 1 for the live model's own hold, plus one per lease; the model closes when it reaches 0.
        final AtomicInteger holds = new AtomicInteger(1);

        Served(MaskClassifier classifier, Info info) {
            this.classifier = classifier;
            this.info = info;
        }

        boolean tryHold() {
            int n;
            do {
                n = holds.get();
                if (n == 0) {
                    return false;
                }
            } while (!holds.compareAndSet(n, n + 1));
            return true;
        }

        void release() {
            if (holds.decrementAndGet() == 0) {
                try {
                    classifier.close();
                    LOG.info("closed model {} {}", info.metadata().name(), info.version());
                } catch (RuntimeException e) {
                    LOG.warn("closing model {} {}: {}", info.metadata().name(), info.version(), e.toString());
                }
            }
        }
    }

    /** A hold on one model for the length of a request; return it by closing it. */
    public static final class Lease implements AutoCloseable {

        private final Served served;
        private final AtomicInteger returned = new AtomicInteger();

        private Lease(Served served) {
            this.served = served;
        }

        /** Returns the classifier, usable until this lease is closed. */
        public MaskClassifier classifier() {
            return served.classifier;
        }

        /** Returns what the classifier is. */
        public Info info() {
            return served.info;
        }

        @Override
        public void close() {
            if (returned.getAndIncrement() == 0) {
                served.release();
            }
        }
    }

    private final AtomicReference<Served> current;
    // What current holds, or held last once closed: answers stay possible while the service stops.
    private volatile Info info;

    /**
     * @param classifier the first model, owned from now on (closed by this object)
     * @param registryVersion its registry version, or null without a registry
     */
    public LiveModel(MaskClassifier classifier, String registryVersion) {
        this.current = new AtomicReference<>(served(classifier, registryVersion));
        this.info = current.get().info;
    }

    private static Served served(MaskClassifier classifier, String registryVersion) {
        return new Served(classifier, new Info(classifier.metadata(), registryVersion, Instant.now(),
                classifier.flipAveraging()));
    }

    /**
     * Loads a model folder for serving and warms it up: the first inference allocates and plans,
     * which is done before any user waits for it.
     *
     * @param dir the model folder
     * @param config the backend, workers and flip averaging to load it with
     * @return the classifier, ready
     * @throws org.facemask.model.ModelArtifactException if the model does not load
     */
    public static MaskClassifier loadWarm(Path dir, ServerConfig config) {
        MaskClassifier classifier = MaskClassifier.load(dir, config.backend(), config.inferenceWorkers())
                .withFlipAveraging(config.flipAveraging());
        try {
            classifier.predict(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
        return classifier;
    }

    /** Returns what is being served now (what was served last, once closed). */
    public Info info() {
        return info;
    }

    /**
     * Takes a hold on the current model; close the lease when done.
     *
     * @return the lease
     * @throws IllegalStateException once this live model is closed
     */
    public Lease acquire() {
        while (true) {
            Served served = current.get();
            if (served == null) {
                throw new IllegalStateException("the model is closed");
            }
            if (served.tryHold()) {
                return new Lease(served);
            }
            // Replaced and drained between the read and the hold: the next read sees its successor.
        }
    }

    /**
     * Classifies images on the model being served now, holding it for the call: for callers that
     * classify again and again over a long time (live video), which must follow a swap.
     *
     * @param images the images
     * @return their predictions, in order
     * @throws IllegalStateException once this live model is closed
     */
    public List<Prediction> predict(List<BufferedImage> images) {
        try (Lease lease = acquire()) {
            return lease.classifier().predict(images);
        }
    }

    /**
     * Serves another model from now on. The one it replaces finishes the requests that hold it
     * and is closed after the last.
     *
     * @param next the new model, loaded and warmed up; owned from now on
     * @param registryVersion its registry version, or null
     */
    public void swap(MaskClassifier next, String registryVersion) {
        Served replacement = served(next, registryVersion);
        Served old = current.getAndUpdate(c -> c == null ? null : replacement);
        if (old == null) {
            // Closed meanwhile (the service is stopping): nobody will use the new model.
            replacement.release();
            return;
        }
        info = replacement.info;
        old.release();
    }

    /** Stops serving: the current model is closed once the requests holding it are done. */
    @Override
    public void close() {
        Served old = current.getAndSet(null);
        if (old != null) {
            old.release();
        }
    }
}
