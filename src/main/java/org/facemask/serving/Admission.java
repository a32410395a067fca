package org.facemask.serving;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides at the door whether a prediction request is served: at most {@code limit} are admitted
 * at once (reading their upload, decoding, waiting for inference), the rest are refused before
 * their body is read, so a crowd of clients costs a refusal each instead of a decoded image each.
 * Once stopping, nothing more is admitted and {@link #stopAndAwaitIdle} waits for those inside.
 *
 * <p>Admitting and stopping take one lock: a request is either counted before the stop, and
 * waited for, or refused; none can slip in between a check and the count.
 */
public final class Admission {

    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int admitted;
    private boolean stopping;

    /**
     * @param limit the most requests admitted at once
     */
    public Admission(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the admission limit must be at least 1, got " + limit);
        }
        this.limit = limit;
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
     * Admits a request or refuses it at once.
     *
     * @return the ticket to close when the request is answered
     * @throws ServiceException {@code STOPPING} once stopping, {@code OVERLOADED} when full
     */
    public Ticket enter() {
        lock.lock();
        try {
            if (stopping) {
                throw new ServiceException(ServiceException.Reason.STOPPING,
                        "the service is stopping; retry on another instance");
            }
            if (admitted >= limit) {
                throw new ServiceException(ServiceException.Reason.OVERLOADED,
                        "the service is at its limit of " + limit + " requests at once; retry shortly");
            }
            admitted++;
        } finally {
            lock.unlock();
        }
        return new Ticket();
    }

    /** Returns how many requests are admitted right now. */
    public int admitted() {
        lock.lock();
        try {
            return admitted;
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether {@link #stopAndAwaitIdle} was called. */
    public boolean stopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every later request and waits until the admitted ones are answered.
     *
     * @param deadlineNanos when to give up waiting ({@link System#nanoTime()} clock)
     * @return true if every admitted request was answered in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean stopAndAwaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
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
            if (admitted == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
