package org.facemask.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Dynamic micro-batching: concurrent requests are gathered for at most a short wait and run as
 * one batch, which uses the CPU better than many batches of one. The queue is bounded; when it
 * is full, {@link #submit} refuses at once (the caller answers 503) instead of queueing forever.
 * Several workers may drain the one queue, each forming its own batches, so that inference runs on
 * every core while requests keep arriving.
 */
final class MicroBatcher<I, O> implements AutoCloseable {

    private record Job<I, O>(I input, CompletableFuture<O> result) {}

    private final Function<List<I>, List<O>> runner;
    private final IntConsumer onBatch;
    private final BlockingQueue<Job<I, O>> queue;
    private final int maxBatch;
    private final long waitNanos;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * Starts the batcher's worker thread.
     *
     * @param runner computes one output per input, in order (e.g. the classifier's batch predict)
     * @param onBatch told the size of every batch (metrics)
     * @param maxBatch the largest batch
     * @param waitMillis how long to wait for more inputs after the first
     * @param capacity how many inputs may wait
     * @param workerCount threads forming and running batches (the runner must allow that many
     *     concurrent calls)
     */
    MicroBatcher(Function<List<I>, List<O>> runner, IntConsumer onBatch, int maxBatch, int waitMillis, int capacity,
            int workerCount) {
        this.runner = runner;
        this.onBatch = onBatch;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::loop, "inference-batcher-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /**
     * Queues an input.
     *
     * @param input e.g. a decoded image
     * @return its output, completed by the worker
     * @throws ApiException 503 when the queue is full or the service is stopping
     */
    CompletableFuture<O> submit(I input) {
        Job<I, O> job = new Job<>(input, new CompletableFuture<>());
        if (!running || !queue.offer(job)) {
            throw new ApiException(503, "overloaded", "the inference queue is full; retry shortly");
        }
        return job.result();
    }

    /** Returns the number of images waiting. */
    int queued() {
        return queue.size();
    }

    private void loop() {
        List<Job<I, O>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Job<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + waitNanos;
                while (batch.size() < maxBatch) {
                    Job<I, O> next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Job<I, O>> batch) {
        onBatch.accept(batch.size());
        try {
            List<O> outputs = runner.apply(batch.stream().map(Job::input).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(outputs.get(i));
            }
        } catch (RuntimeException e) {
            // One bad batch must not kill the worker: fail these requests, keep serving.
            batch.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    /** Stops taking work, finishes what is queued, then stops the workers. */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (Thread worker : workers) {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
