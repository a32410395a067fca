package org.facemask.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Inference through ONNX Runtime on the graph {@link OnnxExporter} builds in memory from the
 * artifact's weights at load time, so artifacts ship one set of weights for both runtimes.
 * Concurrent calls are safe: ONNX Runtime sessions may be run from several threads.
 */
final class OnnxEngine implements InferenceEngine {

    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final int size;

    /**
     * @param threadsPerCall ONNX Runtime intra-op threads for one call: all cores for a single
     *     caller; 1 when as many callers as cores run at once, which measured faster here than
     *     sharing both cores within each call (no per-operator thread hand-offs)
     */
    OnnxEngine(Path dir, ModelMetadata meta, int threadsPerCall) {
        byte[] graph = OnnxExporter.export(dir, meta);
        this.size = meta.inputSize();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions chosen = null;
        try {
            chosen = OnnxSessions.options(threadsPerCall);
            session = env.createSession(graph, chosen);
        } catch (OrtException e) {
            if (chosen != null) {
                chosen.close();
            }
            throw new ModelArtifactException("ONNX Runtime rejected the exported graph of " + dir + ": "
                    + e.getMessage(), e);
        }
        options = chosen;
    }

    @Override
    public float[][] logits(float[] batch, int n) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {n, 3, size, size});
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX session", e);
        } finally {
            options.close();
        }
    }
}
