package org.facemask.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.facemask.config.SystemProperty;

/** Session options shared by every ONNX Runtime model of the project (classifier, face check, detectors). */
public final class OnnxSessions {

    private OnnxSessions() {}

    /**
     * Returns new session options with graph optimisations on and, unless
     * {@link SystemProperty#ORT_SPINNING} ({@code facemask.ort.spinning}, e.g. to measure a raw
     * engine baseline both ways) is {@code true}, worker threads that sleep instead of spinning
     * when a run ends. Why: a request goes through several sessions (two detectors, a face check,
     * the classifier) and HTTP threads on a few cores; each session's spinning threads took the
     * CPU the next step needed. Measured with {@code bench/serve.sh}: 8 clients 68 → 90 requests/s,
     * scene photos 6.5 → 9.6/s, ready 3.4 → 2.2 s, the raw batched engine unchanged (132 vs 129 images/s).
     *
     * @param intraOpThreads threads one run may use; 0 lets ONNX Runtime choose (all cores)
     * @return the options; the caller closes them with its session
     * @throws OrtException if ONNX Runtime rejects a setting
     */
    public static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (!SystemProperty.ORT_SPINNING.isTrue()) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
