/**
 * The mask classifier: the torchvision-layout ResNet18, image preprocessing shared by training
 * and inference, the on-disk model artifact ({@code model.json} + safetensors weights) and the
 * {@link org.facemask.model.MaskClassifier} facade.
 */
package org.facemask.model;
