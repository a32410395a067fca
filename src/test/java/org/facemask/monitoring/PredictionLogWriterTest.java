package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.facemask.monitoring.PredictionLogWriter.GroupSink;
import org.facemask.monitoring.PredictionLogWriter.Pending;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every future {@link PredictionLogWriter#append} returns completes, whatever the writer thread
 * meets: a close racing the append, an interrupt, an {@link Error}, a close out of time. Latches
 * in the writer's seams (its queue, its group sink) fix the order of events, so each race is
 * played the same way every run.
 */
class PredictionLogWriterTest {

    /** Bounds every wait on an event, so a broken writer fails the test instead of hanging it. */
    private static final long WAIT_SECONDS = 10;
    private static final PredictionRecord RECORD = PredictionLogContract.record(
            Instant.parse("2026-11-26T10:00:00Z"), "r", "mask", 0.9, 0.5);

    @TempDir
    Path dir;

    /** Holds a thread (an appender, the writer in a sink) until the test lets it go, or it ends. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void letTheWriterGo() {
        release.countDown();
    }

    @Test
    void an_append_racing_close_is_refused_rather_than_left_waiting() throws Exception {
        CountDownLatch offering = new CountDownLatch(1);
        // The append has found the log open and is about to queue its record when close() runs.
        ArrayBlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10) {
            @Override
            public boolean offer(Pending pending) {
                offering.countDown();
                await(release);
                return super.offer(pending);
            }
        };
        PredictionLogWriter log = PredictionLogWriter.open(url(), queue, UnaryOperator.identity());
        AtomicReference<CompletableFuture<Void>> appended = new AtomicReference<>();
        Thread appender = new Thread(() -> appended.set(log.append(RECORD)), "appender");
        appender.start();
        await(offering);
        // The writer finds the queue empty, stops, and close() returns: nobody is left to take
        // the record the appender is about to queue.
        log.close();
        release.countDown();
        appender.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        CompletableFuture<Void> future = appended.get();
        assertTrue(future.isCompletedExceptionally(), "the append returned a future nobody will complete");
        assertEquals("the prediction log is closed", failure(future).getMessage());
        assertEquals(0, queue.size());
    }

    @Test
    void an_interrupted_retry_fails_its_group_and_the_queue() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        PredictionLogWriter log = PredictionLogWriter.open(url(), new ArrayBlockingQueue<>(10), jdbc -> group -> {
            writing.countDown();
            await(queued);
            // The interrupt arrives while the write fails: the pause before the retry ends at once.
            Thread.currentThread().interrupt();
            throw new SQLException("database is locked");
        });
        CompletableFuture<Void> first = log.append(RECORD);
        await(writing);
        CompletableFuture<Void> second = log.append(RECORD);
        queued.countDown();
        for (CompletableFuture<Void> future : List.of(first, second)) {
            assertTrue(failure(future).getMessage().contains("interrupted"), failure(future).getMessage());
        }
        assertFalse(log.healthy());
        assertTrue(log.append(RECORD).isCompletedExceptionally(), "a stopped writer must refuse at once");
        log.close();
    }

    @Test
    void an_error_in_the_writer_fails_everything_and_turns_it_unhealthy() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        PredictionLogWriter log = PredictionLogWriter.open(url(), new ArrayBlockingQueue<>(10), jdbc -> group -> {
            writing.countDown();
            await(release);
            throw new OutOfMemoryError("simulated: a native allocation failed");
        });
        CompletableFuture<Void> first = log.append(RECORD);
        await(writing);
        CompletableFuture<Void> queued = log.append(RECORD);
        assertTrue(log.healthy());
        release.countDown();
        Throwable died = failure(first);
        assertInstanceOf(OutOfMemoryError.class, died.getCause());
        assertTrue(died.getMessage().contains("died"), died.getMessage());
        assertEquals(died, failure(queued));
        assertFalse(log.healthy());
        CompletableFuture<Void> later = log.append(RECORD);
        assertTrue(later.isCompletedExceptionally(), "a dead writer must refuse at once");
        assertEquals(died, failure(later));
        log.close();
    }

    @Test
    void close_fails_what_its_budget_leaves_and_still_closes_the_pool() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        PredictionLogWriter log = PredictionLogWriter.open(url(), new ArrayBlockingQueue<>(10), held(writing));
        CompletableFuture<Void> inFlight = log.append(RECORD);
        await(writing);
        CompletableFuture<Void> queued = log.append(RECORD);
        log.close(Duration.ZERO);
        for (CompletableFuture<Void> future : List.of(inFlight, queued)) {
            assertTrue(future.isCompletedExceptionally(), "close returned with a caller still waiting");
            assertEquals("the prediction log closed before the prediction was committed",
                    failure(future).getMessage());
        }
        assertThrows(PredictionLogException.class, () -> log.reader().count(), "the pool is still open");
        assertFalse(log.healthy());
    }

    @Test
    void close_commits_what_is_queued_within_its_budget() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        String url = url();
        PredictionLogWriter log = PredictionLogWriter.open(url, new ArrayBlockingQueue<>(10), held(writing));
        CompletableFuture<Void> first = log.append(RECORD);
        await(writing);
        List<CompletableFuture<Void>> queued = List.of(log.append(RECORD), log.append(RECORD));
        release.countDown();
        log.close(Duration.ofSeconds(WAIT_SECONDS));
        for (CompletableFuture<Void> future : List.of(first, queued.get(0), queued.get(1))) {
            assertTrue(future.isDone() && !future.isCompletedExceptionally(), "not committed by close");
        }
        try (PredictionLogReader reader = PredictionLogReader.openReadOnly(url)) {
            assertEquals(3, reader.count());
        }
    }

    @Test
    void close_is_idempotent_and_an_interrupted_close_still_fails_the_rest_and_closes_the_pool()
            throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        PredictionLogWriter log = PredictionLogWriter.open(url(), new ArrayBlockingQueue<>(10), held(writing));
        CompletableFuture<Void> inFlight = log.append(RECORD);
        await(writing);
        CompletableFuture<Void> queued = log.append(RECORD);
        Thread.currentThread().interrupt();
        log.close(Duration.ofSeconds(WAIT_SECONDS));
        assertTrue(Thread.interrupted(), "close swallowed the caller's interrupt");
        assertTrue(inFlight.isCompletedExceptionally() && queued.isCompletedExceptionally());
        assertThrows(PredictionLogException.class, () -> log.reader().count(), "the pool is still open");
        log.close();
        log.close(Duration.ZERO);
    }

    private String url() {
        return PredictionLogWriter.sqliteUrl(dir);
    }

    /**
     * A sink that signals {@code writing} and holds the writer until {@link #release}, then writes
     * for real; an interrupt (close out of time) fails the write and keeps the thread interrupted.
     */
    private UnaryOperator<GroupSink> held(CountDownLatch writing) {
        return jdbc -> group -> {
            writing.countDown();
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
            jdbc.write(group);
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the awaited event did not happen within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the future to fail and returns why. */
    private static Throwable failure(CompletableFuture<Void> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }
}
