package org.facemask.image;

import java.awt.image.BufferedImage;

/**
 * An image decoded to opaque RGB, with what the file said about itself.
 *
 * @param rgb the pixels, {@code TYPE_INT_RGB}, alpha composited onto white
 * @param format the container format detected from content (e.g. {@code jpeg}, {@code png})
 * @param colorMode the source colour mode (e.g. {@code RGB}, {@code RGBA}, {@code GRAY}, {@code CMYK})
 * @param width the source width in pixels, upright (a JPEG's EXIF orientation applied)
 * @param height the source height in pixels, upright
 */
public record DecodedImage(BufferedImage rgb, String format, String colorMode, int width, int height) {}
