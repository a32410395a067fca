package org.facemask.video;

/**
 * Which frames of a stream are analysed (faces detected and classified); the tracker carries the
 * others on its prediction. One per stream; not thread-safe.
 */
public abstract sealed class Pacing permits Pacing.Stride, Pacing.Clock {

    private Pacing() {}

    /**
     * Tells whether to analyse a frame; called once per frame, in order, as the frame comes in.
     *
     * @param index the frame index, 0 for the first
     * @return whether to analyse it
     */
    public abstract boolean analyse(long index);

    /** Returns pacing that analyses every frame, however long it takes (offline). */
    public static Pacing everyFrame() {
        return stride(1);
    }

    /**
     * Pacing that analyses every {@code n}-th frame, starting with the first: the same frames on
     * every machine, so measurements repeat.
     *
     * @param n the stride, at least 1
     * @return the pacing
     */
    public static Pacing stride(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the stride must be at least 1, not " + n);
        }
        return new Stride(n);
    }

    /**
     * Pacing that keeps up with a live clock: frame {@code i} belongs to time {@code i / fps}, and a
     * frame is analysed unless the pipeline is already more than one frame period behind that.
     * The clock starts at the first frame. What gets analysed depends on the machine and its load.
     *
     * @param fps the stream's frame rate
     * @return the pacing
     */
    public static Pacing realTime(double fps) {
        return new Clock(fps);
    }

    /** Every n-th frame. */
    static final class Stride extends Pacing {
        private final int n;

        Stride(int n) {
            this.n = n;
        }

        @Override
        public boolean analyse(long index) {
            return index % n == 0;
        }
    }

    /** As many frames as keep up with the stream's clock. */
    static final class Clock extends Pacing {
        private final double fps;
        private long start;

        Clock(double fps) {
            this.fps = fps;
        }

        @Override
        public boolean analyse(long index) {
            if (index == 0) {
                start = System.nanoTime();
                return true;
            }
            // A live frame arrives at its time and must be done before the next one: analyse it
            // unless the pipeline is already behind that; catching up costs only decoding and drawing.
            return (System.nanoTime() - start) / 1e9 <= (index + 1) / fps;
        }
    }
}
