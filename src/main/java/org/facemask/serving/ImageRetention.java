package org.facemask.serving;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.facemask.monitoring.RetainedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps uploads for feedback when the operator turns it on: stores each one under its request
 * id without ever failing the request (a refused write is counted and logged), and deletes
 * what is older than the retention period, at start and every hour after.
 */
public final class ImageRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageRetention.class);
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final RetainedImages images;
    private final Duration retention;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    /**
     * Sweeps once, then starts the hourly sweeper.
     *
     * @param images the folder
     * @param retention how long an upload is kept
     * @param clock what "now" is (tests move it)
     * @param metrics where failed writes and deletions are counted
     */
    @SuppressWarnings("FutureReturnValueIgnored") // sweep() catches its own failures; nothing waits for it
    public ImageRetention(RetainedImages images, Duration retention, Clock clock, ServingMetrics metrics) {
        this.images = images;
        this.retention = retention;
        this.clock = clock;
        metrics.counterFunction("facemask.retention.failures", "Uploads that could not be retained", failures::get);
        sweep();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY.toMinutes(), SWEEP_EVERY.toMinutes(),
                TimeUnit.MINUTES);
    }

    /** Returns the folder. */
    public RetainedImages images() {
        return images;
    }

    /**
     * Stores an upload; a failure is logged and counted, never thrown: the answer does not depend
     * on the disk.
     *
     * @param requestId the request id
     * @param bytes the upload
     * @return whether it was stored
     */
    public boolean retain(String requestId, byte[] bytes) {
        try {
            images.store(requestId, bytes);
            return true;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not retain the upload of request {} in {}: {}", requestId, images.folder(), e.toString());
            return false;
        }
    }

    /** Returns how many uploads could not be retained. */
    public long failures() {
        return failures.get();
    }

    /**
     * Deletes the uploads older than the retention period now.
     *
     * @return how many were deleted, or empty when the folder could not be swept
     */
    public Optional<Integer> sweep() {
        Instant cutoff = clock.instant().minus(retention);
        try {
            int deleted = images.deleteOlderThan(cutoff);
            if (deleted > 0) {
                LOG.info("deleted {} retained uploads older than {}", deleted, cutoff);
            }
            return Optional.of(deleted);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not sweep the retained uploads in {}: {}", images.folder(), e.toString());
            return Optional.empty();
        }
    }

    /** Stops the sweeper. */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
