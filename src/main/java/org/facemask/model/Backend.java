package org.facemask.model;

/** The runtime that executes a model. */
public enum Backend {
    /** DJL on libtorch: the training runtime. */
    DJL,
    /** ONNX Runtime on the exported graph (batch-norm folded): the fast serving runtime. */
    ONNX
}
