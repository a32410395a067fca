package org.facemask.model;

/** The runtime that executes a model. */
public enum Backend {
    /** DJL on libtorch: the training runtime. */
    DJL,
    /** ONNX Runtime on the exported graph (batch-norm folded): the fast serving runtime. */
    ONNX;

    /**
     * Returns how many threads should run inference at once to use this machine's CPU best: one
     * single-threaded call per core on ONNX Runtime (measured in bench/serve.sh), one call at a
     * time on DJL, whose engine serialises calls and parallelises inside them.
     */
    public int defaultConcurrentCalls() {
        return this == ONNX ? Runtime.getRuntime().availableProcessors() : 1;
    }
}
