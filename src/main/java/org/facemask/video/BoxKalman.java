package org.facemask.video;

import org.apache.commons.math3.filter.DefaultMeasurementModel;
import org.apache.commons.math3.filter.DefaultProcessModel;
import org.apache.commons.math3.filter.KalmanFilter;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A constant-velocity Kalman filter on a box, one step per video frame: state centre x, centre y,
 * width, height and their velocities in pixels per frame; measured: the first four. As in SORT,
 * the noise scales with the box size, so a small face far away and a large one close by are
 * tracked alike.
 */
final class BoxKalman {

    private static final int STATE = 8;
    private static final int MEASURED = 4;
    // Standard deviations as shares of the box height (ByteTrack's choice): position, velocity.
    private static final double POSITION_NOISE = 1.0 / 20;
    private static final double VELOCITY_NOISE = 1.0 / 160;

    private final KalmanFilter filter;

    /**
     * Starts at a measured box, at rest and unsure of its velocity.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     */
    BoxKalman(double x1, double y1, double x2, double y2) {
        double w = x2 - x1;
        double h = y2 - y1;
        RealMatrix transition = MatrixUtils.createRealIdentityMatrix(STATE);
        for (int i = 0; i < MEASURED; i++) {
            transition.setEntry(i, MEASURED + i, 1);
        }
        RealMatrix measurement = new Array2DRowRealMatrix(MEASURED, STATE);
        for (int i = 0; i < MEASURED; i++) {
            measurement.setEntry(i, i, 1);
        }
        double p = POSITION_NOISE * h;
        double v = VELOCITY_NOISE * h;
        RealMatrix processNoise = diagonal(p * p, p * p, p * p, p * p, v * v, v * v, v * v, v * v);
        RealMatrix measurementNoise = diagonal(p * p, p * p, p * p, p * p);
        double[] initial = {x1 + w / 2, y1 + h / 2, w, h, 0, 0, 0, 0};
        // Unsure of the velocity at first: the second measurement sets it.
        double pv = 10 * v;
        RealMatrix initialCovariance = diagonal(4 * p * p, 4 * p * p, 4 * p * p, 4 * p * p,
                100 * pv * pv, 100 * pv * pv, 100 * pv * pv, 100 * pv * pv);
        filter = new KalmanFilter(
                new DefaultProcessModel(transition, null, processNoise, new ArrayRealVector(initial),
                        initialCovariance),
                new DefaultMeasurementModel(measurement, measurementNoise));
    }

    private static RealMatrix diagonal(double... values) {
        return MatrixUtils.createRealDiagonalMatrix(values);
    }

    /** Moves the state one frame ahead. */
    void predict() {
        filter.predict();
    }

    /**
     * Corrects the state with a measured box.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     */
    void correct(double x1, double y1, double x2, double y2) {
        filter.correct(new double[] {(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1});
    }

    /** Returns the estimated box as {x1, y1, x2, y2}. */
    double[] box() {
        double[] s = filter.getStateEstimation();
        double w = Math.max(1, s[2]);
        double h = Math.max(1, s[3]);
        return new double[] {s[0] - w / 2, s[1] - h / 2, s[0] + w / 2, s[1] + h / 2};
    }

    /** Returns the estimated velocity of the centre, {dx, dy} in pixels per frame. */
    double[] velocity() {
        double[] s = filter.getStateEstimation();
        return new double[] {s[4], s[5]};
    }
}
