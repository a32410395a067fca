package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    @Test
    void concurrent_inputs_are_answered_in_order_within_shared_batches() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(
                in -> in.stream().map(x -> x * 10).toList(), sizes::add, 8, 50, 100, 2)) {
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
    void a_full_queue_is_refused_with_503_instead_of_waiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            await(release);
            return in;
        }, size -> { }, 1, 0, 2, 1)) {
            CompletableFuture<Integer> running = batcher.submit(1);
            Thread.sleep(200); // the worker takes it and blocks in the runner
            batcher.submit(2);
            batcher.submit(3);
            ApiException refused = assertThrows(ApiException.class, () -> batcher.submit(4));
            assertEquals(503, refused.status());
            assertEquals("overloaded", refused.code());
            release.countDown();
            assertEquals(1, running.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_failing_batch_fails_its_requests_and_the_worker_keeps_going() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(in -> {
            if (in.contains(-1)) {
                throw new IllegalStateException("boom");
            }
            return in;
        }, size -> { }, 1, 0, 10, 1)) {
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
        }, size -> { }, 1, 0, 10, 2)) {
            CompletableFuture<Integer> first = batcher.submit(1);
            CompletableFuture<Integer> second = batcher.submit(2);
            assertEquals(1, first.get(5, TimeUnit.SECONDS));
            assertEquals(2, second.get(5, TimeUnit.SECONDS));
            assertEquals(0, bothInside.getCount(), "the two batches never overlapped");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
