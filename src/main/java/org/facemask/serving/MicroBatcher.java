package org.facemask.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic micro-batching: concurrent requests are gathered for at most a short wait and run as
 * one batch, which uses the CPU better than many batches of one. The wait is only taken while
 * more inputs are on their way (requests admitted whose inputs are not queued yet): a lone
 * request runs at once instead of waiting for company that is not coming. The queue is bounded; when it
 * is full, {@link #submit} refuses at once instead of queueing forever. Several workers may drain
 * the one queue, each forming its own batches, so that inference runs on every core while
 * requests keep arriving.
 *
 * <p>Every future {@link #submit} returns is completed: with its output, or failed when its batch
 * fails, when the batcher stops before reaching it, or when the workers die. Offers and state
 * changes share one lock, so no job can land in the queue after the workers' last look at it.
 */
final class MicroBatcher<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    private record Job<I, O>(I input, CompletableFuture<O> result) {}

    private enum State { RUNNING, STOPPING, FAILED }

    private final Function<List<I>, List<O>> runner;
    private final IntConsumer onBatch;
    private final IntSupplier expected;
    // Inputs taken from the queue by workers and not answered yet.
    private final AtomicInteger taken = new AtomicInteger();
    private final BlockingQueue<Job<I, O>> queue;
    private final int maxBatch;
    private final long waitNanos;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final Object lock = new Object();
    private volatile State state = State.RUNNING;

    /**
     * Starts the batcher's worker threads.
     *
     * @param runner computes one output per input, in order (e.g. the classifier's batch predict)
     * @param onBatch told the size of every batch (metrics)
     * @param expected how many inputs are expected soon, at least (e.g. the requests admitted);
     *     a batch waits for more only while this exceeds the inputs already queued or taken
     * @param maxBatch the largest batch
     * @param waitMillis how long to wait for more inputs after the first
     * @param capacity how many inputs may wait
     * @param workerCount threads forming and running batches (the runner must allow that many
     *     concurrent calls)
     */
    MicroBatcher(Function<List<I>, List<O>> runner, IntConsumer onBatch, IntSupplier expected, int maxBatch,
            int waitMillis, int capacity, int workerCount) {
        this.runner = runner;
        this.onBatch = onBatch;
        this.expected = expected;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        liveWorkers.set(workerCount);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "inference-batcher-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    /**
     * Queues an input.
     *
     * @param input e.g. a decoded image
     * @return its output, completed by a worker
     * @throws ServiceException {@code OVERLOADED} when the queue is full, {@code STOPPING} once
     *     stopping, {@code FAILED} once the workers died
     */
    CompletableFuture<O> submit(I input) {
        return submitAll(List.of(input)).get(0);
    }

    /**
     * Queues inputs together (e.g. an image's face crops), all or none: a worker finds them
     * queued side by side, and a full queue refuses them all.
     *
     * @param inputs at most the queue's capacity
     * @return their outputs, in order
     * @throws ServiceException as {@link #submit}
     */
    List<CompletableFuture<O>> submitAll(List<I> inputs) {
        List<Job<I, O>> jobs = inputs.stream().map(in -> new Job<I, O>(in, new CompletableFuture<>())).toList();
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw refusal();
            }
            if (queue.remainingCapacity() < jobs.size()) {
                throw new ServiceException(ServiceException.Reason.OVERLOADED,
                        "the inference queue is full; retry shortly");
            }
            queue.addAll(jobs);
        }
        return jobs.stream().map(Job::result).toList();
    }

    /** Returns false once the workers died: nothing submitted will be answered. */
    boolean healthy() {
        return state != State.FAILED;
    }

    /** Returns the number of images waiting. */
    int queued() {
        return queue.size();
    }

    private void work() {
        List<Job<I, O>> batch = new ArrayList<>(maxBatch);
        try {
            // Once not running, no job can be added: an empty queue then stays empty.
            while (state == State.RUNNING || !queue.isEmpty()) {
                Job<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                taken.incrementAndGet();
                long deadline = System.nanoTime() + waitNanos;
                while (batch.size() < maxBatch) {
                    Job<I, O> next = queue.poll();
                    if (next == null && moreExpected()) {
                        next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    taken.incrementAndGet();
                }
                try {
                    run(batch);
                } finally {
                    taken.addAndGet(-batch.size());
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            // Interrupted by close() once its budget ran out: what was gathered is not run.
            Thread.currentThread().interrupt();
        } catch (Error e) {
            // Out of memory, a native failure: this process cannot be trusted to serve any more.
            LOG.error("inference worker {} died; the service reports itself not ready",
                    Thread.currentThread().getName(), e);
            synchronized (lock) {
                state = State.FAILED;
            }
        } finally {
            batch.forEach(job -> job.result().completeExceptionally(refusal()));
            if (liveWorkers.decrementAndGet() == 0) {
                // The last worker is gone: refuse new jobs and fail those still waiting.
                synchronized (lock) {
                    if (state == State.RUNNING) {
                        state = State.FAILED;
                    }
                }
                failQueued();
            }
        }
    }

    /** Returns whether inputs are on their way that are neither queued nor taken by a worker. */
    private boolean moreExpected() {
        return expected.getAsInt() > taken.get() + queue.size();
    }

    private void run(List<Job<I, O>> batch) {
        List<O> outputs;
        try {
            onBatch.accept(batch.size());
            outputs = runner.apply(batch.stream().map(Job::input).toList());
        } catch (RuntimeException e) {
            // One bad batch must not kill the worker: fail these requests, keep serving.
            batch.forEach(job -> job.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outputs.get(i));
        }
    }

    private void failQueued() {
        List<Job<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(job -> job.result().completeExceptionally(refusal()));
    }

    private ServiceException refusal() {
        return state == State.FAILED
                ? new ServiceException(ServiceException.Reason.FAILED, "the inference worker died; this instance"
                        + " needs a restart")
                : new ServiceException(ServiceException.Reason.STOPPING, "the service is stopping");
    }

    /**
     * Stops taking work and lets the workers finish what is queued, within the budget; then
     * interrupts them and fails what is left. Safe to call more than once.
     *
     * @param deadlineNanos when to stop waiting ({@link System#nanoTime()} clock)
     */
    void close(long deadlineNanos) {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.STOPPING;
            }
        }
        try {
            for (Thread worker : workers) {
                long left = deadlineNanos - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(worker, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Past the budget: a worker still waiting for more inputs stops now. One inside native
        // inference finishes its batch first; its callers are bounded by their own timeout.
        workers.forEach(Thread::interrupt);
        failQueued();
    }

    /** Stops with a 30 s budget (tests, tools); the service passes its own. */
    @Override
    public void close() {
        close(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
    }
}
