package org.facemask.serving;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Decides at the door whether a prediction request is served, before its upload is read: at most
 * {@code limit} are served at once (reading, decoding, waiting for inference). One more may wait
 * a short while for a place, oldest first; when the wait runs out or too many already wait, it is
 * refused. Refusing at once sounds kinder but is not under a crowd: clients that retry straight
 * away spin on refusals, and the refusals take the CPU that inference needed (measured: 7,100
 * refusals/s and a third of the useful answers at 128 clients). A bounded wait holds them off
 * without costing CPU, and nothing of their upload is read while they wait.
 *
 * <p>Admitting and stopping take one lock: a request is either counted before the stop, and
 * waited for, or refused; none can slip in between a check and the count.
 */
public final class Admission {

    private final int limit;
    private final int maxWaiting;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    // Signalled once per freed place: the condition queue wakes the longest waiter first.
    private final Condition placeFree = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private int admitted;
    private int waiting;
    private boolean stopping;

    /**
     * @param limit the most requests served at once
     * @param maxWaiting the most requests waiting for a place; more are refused at once
     * @param maxWaitMillis how long one waits for a place before it is refused (0: refuse at once)
     */
    public Admission(int limit, int maxWaiting, long maxWaitMillis) {
        if (limit < 1 || maxWaiting < 0 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("admission needs a limit of at least 1 and no negative wait, got "
                    + limit + ", " + maxWaiting + ", " + maxWaitMillis);
        }
        this.limit = limit;
        this.maxWaiting = maxWaiting;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    }

    /** A request admitted; closing it (once or more) lets the next one in. */
    public final class Ticket implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Ticket() {}

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                leave();
            }
        }
    }

    /**
     * Admits a request, after waiting for a place if need be, or refuses it.
     *
     * @return the ticket to close when the request is answered
     * @throws ServiceException {@code STOPPING} once stopping, {@code OVERLOADED} when no place
     *     came free in time or too many wait already
     */
    public Ticket enter() {
        lock.lock();
        try {
            checkNotStopping();
            // Newcomers do not overtake those already waiting.
            if (admitted < limit && waiting == 0) {
                admitted++;
                return new Ticket();
            }
            if (waiting >= maxWaiting || maxWaitNanos == 0) {
                throw overloaded();
            }
            return awaitPlace(System.nanoTime() + maxWaitNanos);
        } finally {
            lock.unlock();
        }
    }

    private Ticket awaitPlace(long deadline) {
        waiting++;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw overloaded();
                }
                placeFree.awaitNanos(left);
                checkNotStopping();
                if (admitted < limit) {
                    admitted++;
                    return new Ticket();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refusal(ServiceException.Reason.STOPPING, "the service is stopping");
        } finally {
            waiting--;
            // A place signalled to a waiter that gave up instead must reach the next one.
            if (admitted < limit && waiting > 0) {
                placeFree.signal();
            }
        }
    }

    private void checkNotStopping() {
        if (stopping) {
            throw refusal(ServiceException.Reason.STOPPING, "the service is stopping; retry on another instance");
        }
    }

    private ServiceException overloaded() {
        return refusal(ServiceException.Reason.OVERLOADED,
                "the service is at its limit of " + limit + " requests at once; retry shortly");
    }

    private static ServiceException refusal(ServiceException.Reason reason, String message) {
        return ServiceException.withoutStackTrace(reason, message);
    }

    /** Returns how many requests are served right now. */
    public int admitted() {
        return locked(() -> admitted);
    }

    /** Returns how many requests wait for a place right now. */
    public int waiting() {
        return locked(() -> waiting);
    }

    /** Returns whether {@link #stopAndAwaitIdle} was called. */
    public boolean stopping() {
        return locked(() -> stopping);
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every later request (and those waiting) and waits until the admitted ones are answered.
     *
     * @param deadlineNanos when to give up waiting ({@link System#nanoTime()} clock)
     * @return true if every admitted request was answered in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean stopAndAwaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
            placeFree.signalAll();
            while (admitted > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            admitted--;
            if (waiting > 0) {
                placeFree.signal();
            }
            if (admitted == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
