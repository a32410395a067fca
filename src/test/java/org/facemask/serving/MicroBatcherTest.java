package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The batcher's promises: batches share work, a full queue refuses at once, and every job it
 * accepts is completed, whether its batch runs, fails, dies with an Error, or the batcher stops.
 */
class MicroBatcherTest {

    // As if every request were still on its way: batches always wait for company.
    @SuppressWarnings("UnnecessaryLambda") // a named constant reads better in the many batcher set-ups
    private static final IntSupplier ALWAYS_WAIT = () -> Integer.MAX_VALUE;

    @Test
    void a_lone_input_runs_at_once_instead_of_waiting_for_company() throws Exception {
        // One request admitted, and a batch wait long enough to fail the test if it were taken.
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> in, size -> { }, () -> 1, 8, 600_000,
                10, 1)) {
            assertEquals(1, batcher.submit(1).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_batch_waits_for_an_input_still_on_its_way() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> in, sizes::add, () -> 2, 8, 600_000,
                10, 1)) {
            CompletableFuture<Integer> first = batcher.submit(1);
            CompletableFuture<Integer> second = batcher.submit(2);
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            assertEquals(2, second.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(2), sizes, "the first input did not wait for the second");
    }

    @Test
    void concurrent_inputs_are_answered_in_order_within_shared_batches() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(
                in -> in.stream().map(x -> x * 10).toList(), sizes::add, ALWAYS_WAIT, 8, 50, 100, 2)) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(batcher.submit(i));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i * 10, results.get(i).get(5, TimeUnit.SECONDS));
            }
        }
        assertEquals(20, sizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(sizes.stream().allMatch(s -> s <= 8), "batch over the limit: " + sizes);
        assertTrue(sizes.size() < 20, "inputs were never batched: " + sizes);
    }

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // the queue is filled on purpose; only the refusal is checked
    void a_full_queue_is_refused_as_overloaded_instead_of_waiting() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            entered.countDown();
            await(release);
            return in;
        }, size -> { }, ALWAYS_WAIT, 1, 0, 2, 1)) {
            CompletableFuture<Integer> running = batcher.submit(1);
            await(entered); // the worker took it and blocks in the runner
            batcher.submit(2);
            batcher.submit(3);
            assertRefused(ServiceException.Reason.OVERLOADED, () -> batcher.submit(4));
            release.countDown();
            assertEquals(1, running.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void an_error_in_inference_fails_everything_waiting_and_refuses_new_work_at_once() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            entered.countDown();
            await(release);
            throw new OutOfMemoryError("simulated");
        }, size -> { }, ALWAYS_WAIT, 1, 0, 10, 1)) {
            CompletableFuture<Integer> dying = batcher.submit(1);
            await(entered);
            CompletableFuture<Integer> waiting = batcher.submit(2);
            assertTrue(batcher.healthy());
            release.countDown();
            assertFailedWith(ServiceException.Reason.FAILED, dying);
            assertFailedWith(ServiceException.Reason.FAILED, waiting);
            assertFalse(batcher.healthy(), "a dead worker must show in readiness");
            assertRefused(ServiceException.Reason.FAILED, () -> batcher.submit(3));
        }
    }

    @Test
    void close_fails_a_batch_being_gathered_instead_of_dropping_it() throws Exception {
        // A long batch wait: the worker holds job 1 while it waits for more when the budget is gone.
        MicroBatcher<Integer, Integer> batcher =
                new MicroBatcher<>(in -> in, size -> { }, ALWAYS_WAIT, 8, 60_000, 10, 1);
        CompletableFuture<Integer> gathered = batcher.submit(1);
        batcher.close(System.nanoTime());
        assertFailedWith(ServiceException.Reason.STOPPING, gathered);
        assertRefused(ServiceException.Reason.STOPPING, () -> batcher.submit(2));
        batcher.close(System.nanoTime()); // a second close is harmless
    }

    @Test
    void close_runs_what_is_queued_when_the_budget_allows() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            entered.countDown();
            await(release);
            return in;
        }, size -> { }, ALWAYS_WAIT, 1, 0, 10, 1);
        CompletableFuture<Integer> first = batcher.submit(1);
        await(entered);
        CompletableFuture<Integer> queued = batcher.submit(2);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(
                () -> batcher.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertEquals(1, first.get());
        assertEquals(2, queued.get(), "queued work must run before the stop");
    }

    @Test
    void every_job_racing_a_close_is_answered_or_refused_never_left_waiting() throws Exception {
        for (int round = 0; round < 50; round++) {
            MicroBatcher<Integer, Integer> batcher =
                    new MicroBatcher<>(in -> in, size -> { }, ALWAYS_WAIT, 4, 0, 1000, 2);
            List<CompletableFuture<Integer>> accepted = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread submitter = new Thread(() -> {
                    await(go);
                    for (int i = 0; i < 200; i++) {
                        try {
                            accepted.add(batcher.submit(i));
                        } catch (ServiceException refused) {
                            return;
                        }
                    }
                });
                submitter.start();
                submitters.add(submitter);
            }
            go.countDown();
            batcher.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            for (Thread submitter : submitters) {
                submitter.join();
            }
            for (CompletableFuture<Integer> job : accepted) {
                // Completed by the time close returned and the submitters stopped: no waiting here.
                assertTrue(job.isDone(), "round " + round + ": a job accepted around close was never completed");
            }
        }
    }

    @Test
    void a_failing_batch_fails_its_requests_and_the_worker_keeps_going() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            if (in.contains(-1)) {
                throw new IllegalStateException("boom");
            }
            return in;
        }, size -> { }, ALWAYS_WAIT, 1, 0, 10, 1)) {
            CompletableFuture<Integer> bad = batcher.submit(-1);
            assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
            assertEquals(7, batcher.submit(7).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void several_workers_run_batches_at_the_same_time() throws Exception {
        // Each batch blocks until two batches are inside the runner: only parallel workers pass.
        CountDownLatch bothInside = new CountDownLatch(2);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            bothInside.countDown();
            await(bothInside);
            return in;
        }, size -> { }, ALWAYS_WAIT, 1, 0, 10, 2)) {
            CompletableFuture<Integer> first = batcher.submit(1);
            CompletableFuture<Integer> second = batcher.submit(2);
            assertEquals(1, first.get(5, TimeUnit.SECONDS));
            assertEquals(2, second.get(5, TimeUnit.SECONDS));
            assertEquals(0, bothInside.getCount(), "the two batches never overlapped");
        }
    }

    private static void assertRefused(ServiceException.Reason reason, Executable submit) {
        ServiceException refused = assertThrows(ServiceException.class, submit);
        assertEquals(reason, refused.reason());
    }

    private static void assertFailedWith(ServiceException.Reason reason, CompletableFuture<?> job) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> job.get(10, TimeUnit.SECONDS));
        ServiceException cause = assertInstanceOf(ServiceException.class, failed.getCause());
        assertEquals(reason, cause.reason());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
