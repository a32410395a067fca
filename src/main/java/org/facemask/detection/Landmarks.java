package org.facemask.detection;

import java.util.Arrays;

/**
 * Five facial landmarks in image pixels, in YuNet's order: right eye, left eye, nose tip, right
 * and left mouth corner ("right" as seen by the person, so on the image's left). Immutable.
 */
public final class Landmarks {

    /** Number of points. */
    public static final int POINTS = 5;

    private final double[] xy;

    /**
     * Creates landmarks from interleaved coordinates.
     *
     * @param xy {@code x0, y0, x1, y1, …} for the {@value #POINTS} points, copied
     * @throws IllegalArgumentException if there are not ten finite values
     */
    public Landmarks(double[] xy) {
        if (xy.length != 2 * POINTS) {
            throw new IllegalArgumentException("expected " + 2 * POINTS + " coordinates, got " + xy.length);
        }
        for (double v : xy) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("landmark coordinate is not finite: " + Arrays.toString(xy));
            }
        }
        this.xy = xy.clone();
    }

    /** Returns the x coordinate of point {@code i} (0 to 4). */
    public double x(int i) {
        return xy[2 * i];
    }

    /** Returns the y coordinate of point {@code i} (0 to 4). */
    public double y(int i) {
        return xy[2 * i + 1];
    }

    /** Returns the points as {@code [[x, y], …]}, e.g. for a JSON answer. */
    public double[][] points() {
        double[][] points = new double[POINTS][];
        for (int i = 0; i < POINTS; i++) {
            points[i] = new double[] {x(i), y(i)};
        }
        return points;
    }

    /** Returns the landmarks moved by {@code (dx, dy)}. */
    public Landmarks shifted(double dx, double dy) {
        return transformed(1, 1, dx, dy);
    }

    /** Returns the landmarks scaled by {@code (sx, sy)} about the origin. */
    public Landmarks scaled(double sx, double sy) {
        return transformed(sx, sy, 0, 0);
    }

    private Landmarks transformed(double sx, double sy, double dx, double dy) {
        double[] moved = new double[xy.length];
        for (int i = 0; i < POINTS; i++) {
            moved[2 * i] = xy[2 * i] * sx + dx;
            moved[2 * i + 1] = xy[2 * i + 1] * sy + dy;
        }
        return new Landmarks(moved);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Landmarks other && Arrays.equals(xy, other.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return "Landmarks" + Arrays.toString(xy);
    }
}
