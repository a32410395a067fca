package org.facemask.detection;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemask.model.ModelArtifactException;
import org.facemask.model.OnnxSessions;

/**
 * A detector's ONNX Runtime session with its options, opened once for whichever contract the
 * file turns out to have (see {@link FaceDetector#load}).
 *
 * @param options the session options, closed with the session
 * @param session the session
 */
record DetectorSession(OrtSession.SessionOptions options, OrtSession session) implements AutoCloseable {

    /**
     * Opens a detector file.
     *
     * @param onnx the model file
     * @return the session
     * @throws ModelArtifactException if the file is missing or not a loadable ONNX model
     */
    static DetectorSession open(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new ModelArtifactException("face detector " + onnx + " not found");
        }
        OrtSession.SessionOptions options;
        try {
            options = OnnxSessions.options(0);
        } catch (OrtException e) {
            throw new ModelArtifactException("ONNX Runtime rejected the session options: " + e.getMessage(), e);
        }
        try {
            return new DetectorSession(options, OrtEnvironment.getEnvironment().createSession(onnx.toString(), options));
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw new ModelArtifactException("face detector " + onnx + " is not a loadable ONNX model: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads an output flat: tens of thousands of rows as Java {@code float[][]} cost more than
     * the search through them.
     *
     * @param result a run's result
     * @param name the output
     * @return its values in row-major order
     */
    static float[] flat(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /**
     * Clips a box coordinate to the image: detectors propose boxes that reach past the edges.
     *
     * @param v the coordinate in pixels
     * @param max the image's width or height
     * @return {@code v} within {@code [0, max]}
     */
    static double clip(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the face detector", e);
        } finally {
            options.close();
        }
    }
}
