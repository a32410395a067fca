/**
 * Images from bytes to model input, on the serving hot path and everywhere else: format-agnostic
 * decoding to upright RGB ({@link org.facemask.image.ImageDecoder}: EXIF orientation, truncation
 * check, pixel limit, libjpeg-turbo when installed) and the resize and normalisation every model
 * input goes through ({@link org.facemask.image.ImagePreprocessor}).
 *
 * <p>Above {@code config} only: depends on no other {@code org.facemask} package (ArchitectureTest).
 */
package org.facemask.image;
