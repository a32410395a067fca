/**
 * The mask classifier: the torchvision-layout ResNet18, the on-disk model artifact
 * ({@code model.json} + safetensors weights), ONNX export and the
 * {@link org.facemask.model.MaskClassifier} facade (DJL or ONNX Runtime).
 *
 * <p>May depend on {@code config} and {@code image} (its input preprocessing) only.
 */
package org.facemask.model;
