package org.facemask.video;

/**
 * Which frames of a stream are analysed (faces detected and classified); the tracker carries the
 * others on its prediction. With a frame rate it also keeps the stream's clock, which tells how
 * late each frame is handled. One per stream; not thread-safe.
 *
 * <p>The clock starts at the first frame: frame {@code i} belongs to time {@code i / fps} after
 * it. A live source slower than the rate it states (a camera that says 25 frames/s and sends 24)
 * would fall further behind that clock every second although nothing waits to be read; so
 * whenever a read had to wait for the source, the clock is moved on to make that frame on time.
 */
public abstract sealed class Pacing permits Pacing.Stride, Pacing.Clock {

    private final double fps;
    private long start;
    private long last;

    private Pacing(double fps) {
        this.fps = fps;
    }

    /**
     * Tells whether to analyse a frame; called once per frame, in order, right after it is read.
     *
     * @param index the frame index, 0 for the first
     * @param waitedSeconds how long the read waited for the source: 0 for frames already there
     *     (a file, frames in memory); a live source that makes the reader wait half a frame period
     *     or more is the slower side, so nothing is behind
     * @return whether to analyse it
     */
    public final boolean analyse(long index, double waitedSeconds) {
        last = System.nanoTime();
        if (index == 0) {
            start = last;
        } else if (fps > 0 && waitedSeconds >= 0.5 / fps) {
            start = Math.max(start, last - (long) (index * 1e9 / fps));
        }
        return decide(index);
    }

    /**
     * Returns how long after its time on the stream's clock a frame is done, now: positive when
     * the pipeline is behind, negative when a file is read faster than real time. 0 without a
     * frame rate.
     *
     * @param index the frame's index
     * @return seconds
     */
    public final double lag(long index) {
        return lagAt(System.nanoTime(), index);
    }

    /** How late the frame is at the moment it was read (the clock as {@link #analyse} left it). */
    final double lagAtRead(long index) {
        return lagAt(last, index);
    }

    private double lagAt(long nanos, long index) {
        return fps > 0 ? (nanos - start) / 1e9 - index / fps : 0;
    }

    abstract boolean decide(long index);

    /** Returns pacing that analyses every frame, however long it takes (offline). */
    public static Pacing everyFrame() {
        return stride(1);
    }

    /**
     * Pacing that analyses every frame, however long it takes, and keeps the stream's clock (for
     * {@link #lag}).
     *
     * @param fps the stream's frame rate
     * @return the pacing
     */
    public static Pacing everyFrame(double fps) {
        return new Stride(1, checked(fps));
    }

    /**
     * Pacing that analyses every {@code n}-th frame, starting with the first: the same frames on
     * every machine, so measurements repeat. It keeps no clock.
     *
     * @param n the stride, at least 1
     * @return the pacing
     */
    public static Pacing stride(int n) {
        return new Stride(n, 0);
    }

    /**
     * Pacing that keeps up with a live clock: a frame is analysed unless the pipeline is already
     * more than one frame period behind its time. What gets analysed depends on the machine, its
     * load and, for live sources, how fast frames really come.
     *
     * @param fps the stream's frame rate
     * @return the pacing
     */
    public static Pacing realTime(double fps) {
        return new Clock(checked(fps));
    }

    private static double checked(double fps) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("frame rate must be positive: " + fps);
        }
        return fps;
    }

    /** Every n-th frame. */
    static final class Stride extends Pacing {
        private final int n;

        Stride(int n, double fps) {
            super(fps);
            if (n < 1) {
                throw new IllegalArgumentException("the stride must be at least 1, not " + n);
            }
            this.n = n;
        }

        @Override
        boolean decide(long index) {
            return index % n == 0;
        }
    }

    /** As many frames as keep up with the stream's clock. */
    static final class Clock extends Pacing {
        private final double period;

        Clock(double fps) {
            super(fps);
            this.period = 1 / fps;
        }

        @Override
        boolean decide(long index) {
            // A live frame arrives at its time and must be done before the next one: analyse it
            // unless the pipeline is already behind that; catching up costs only decoding and drawing.
            return lagAtRead(index) <= period;
        }
    }
}
