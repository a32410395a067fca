package org.facemask.model;

import org.facemask.image.ImagePreprocessor;

/** Runs the network on preprocessed batches; one implementation per runtime. */
interface InferenceEngine extends AutoCloseable {

    /**
     * Computes logits.
     *
     * @param batch {@code n} CHW images from {@link ImagePreprocessor}
     * @param n the number of images
     * @return one row of logits per image
     */
    float[][] logits(float[] batch, int n);

    @Override
    void close();
}
