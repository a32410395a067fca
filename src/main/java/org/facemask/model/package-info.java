/**
 * The mask classifier: the torchvision-layout ResNet18, the on-disk model artifact
 * ({@code model.json} + safetensors weights), ONNX export, the
 * {@link org.facemask.model.MaskClassifier} facade (DJL or ONNX Runtime) and the
 * {@link org.facemask.model.ModelRegistry} of versions and their {@code current} pointer.
 *
 * <p>May depend on {@code config} and {@code image} (its input preprocessing) only.
 */
package org.facemask.model;
