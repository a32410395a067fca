package org.facemask.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, WEBP, BMP, GIF and TIFF images by their content, never by file name, to
 * opaque RGB, turned upright as a JPEG's EXIF orientation says (as viewers show it).
 *
 * <p>The pixel count is read from the header and checked before any pixel is decoded, and large
 * images can be decoded subsampled so that a 12-megapixel photo never materialises in full.
 * Plain JPEGs go through libjpeg-turbo when the machine has it ({@link TurboJpeg}), the rest and
 * everything else through ImageIO with the TwelveMonkeys plugins. A file cut short is refused as
 * corrupt even where a decoder would fill the missing pixels with grey ({@link Truncation}).
 */
public final class ImageDecoder {

    /** Default pixel limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private final long maxPixels;
    private final TurboJpeg turbo;

    static {
        // Registers the TwelveMonkeys readers (WEBP, CMYK-aware JPEG) found on the classpath.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    /**
     * Creates a decoder.
     *
     * @param maxPixels images whose header declares more pixels are refused without decoding
     */
    public ImageDecoder(long maxPixels) {
        this(maxPixels, TurboJpeg.system());
    }

    /** Creates a decoder that uses {@code turbo} for JPEGs, or ImageIO alone when it is null. */
    ImageDecoder(long maxPixels, TurboJpeg turbo) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.turbo = turbo;
    }

    /** Returns what decodes plain JPEGs on this machine: {@code libjpeg-turbo} or {@code ImageIO}. */
    public static String jpegDecoder() {
        return TurboJpeg.system() != null ? "libjpeg-turbo" : "ImageIO";
    }

    /** Creates a decoder with {@link #DEFAULT_MAX_PIXELS}. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /**
     * Decodes a file at full resolution.
     *
     * @param file the image file
     * @return the decoded image
     * @throws ImageDecodingException if the file is not a readable image
     */
    public DecodedImage decode(Path file) throws ImageDecodingException {
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in, 0);
        } catch (ImageDecodingException e) {
            throw new ImageDecodingException(e.reason(), file.getFileName() + ": " + e.getMessage(), e.getCause());
        } catch (IOException e) {
            throw new ImageDecodingException(ImageDecodingException.Reason.CORRUPT,
                    file.getFileName() + ": cannot read file: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes image bytes at full resolution.
     *
     * @param bytes the encoded image
     * @return the decoded image
     * @throws ImageDecodingException if the bytes are not a readable image
     */
    public DecodedImage decode(byte[] bytes) throws ImageDecodingException {
        return decode(bytes, 0);
    }

    /**
     * Decodes an image, subsampling while decoding so that the shorter side stays at least
     * {@code minShortSide} pixels (0 decodes at full resolution).
     *
     * @param in the encoded image; not closed
     * @param minShortSide the smallest short side the caller needs, or 0 for full resolution
     * @return the decoded image; {@code width}/{@code height} are the source dimensions
     * @throws ImageDecodingException if the stream is not a readable image or is too large
     */
    public DecodedImage decode(InputStream in, int minShortSide) throws ImageDecodingException {
        // Read whole, as TurboJPEG needs anyway: whether a file is cut short shows at its end.
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ImageDecodingException(ImageDecodingException.Reason.CORRUPT,
                    "cannot read image: " + describe(e), e);
        }
        return decode(bytes, minShortSide);
    }

    private DecodedImage decodeWithImageIo(InputStream in, int minShortSide) throws ImageDecodingException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                throw new ImageDecodingException(ImageDecodingException.Reason.CORRUPT, "cannot open image stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageDecodingException(ImageDecodingException.Reason.NOT_AN_IMAGE,
                        "not an image in a supported format (JPEG, PNG, WEBP, BMP, GIF, TIFF)");
            }
            ImageReader reader = readers.next();
            int orientation = ExifOrientation.read(iis);
            try {
                reader.setInput(iis, true, true);
                return ExifOrientation.upright(read(reader, minShortSide), orientation);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders signal truncated or corrupt data with IOExceptions and, in places,
            // with runtime exceptions (IndexOutOfBounds, IllegalState): all mean "bad image".
            throw new ImageDecodingException(ImageDecodingException.Reason.CORRUPT,
                    "corrupt or truncated image: " + describe(e), e);
        }
    }

    /**
     * Decodes image bytes, subsampling while decoding (see {@link #decode(InputStream, int)}).
     *
     * @param bytes the encoded image
     * @param minShortSide the smallest short side the caller needs, or 0 for full resolution
     * @return the decoded image
     * @throws ImageDecodingException if the bytes are not a readable image or are too large
     */
    public DecodedImage decode(byte[] bytes, int minShortSide) throws ImageDecodingException {
        // Before any pixel is decoded: decoders fill a file cut short with grey rather than fail,
        // and TwelveMonkeys' lossless WEBP decoder takes minutes over a large one doing so.
        Truncation.check(bytes);
        DecodedImage fast = turbo == null ? null : turbo.decode(bytes, minShortSide, maxPixels);
        return fast != null ? ExifOrientation.upright(fast, ExifOrientation.read(bytes))
                : decodeWithImageIo(new ByteArrayInputStream(bytes), minShortSide);
    }

    private DecodedImage read(ImageReader reader, int minShortSide) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new ImageDecodingException(ImageDecodingException.Reason.CORRUPT,
                    "image declares an empty size " + width + "x" + height);
        }
        if ((long) width * height > maxPixels) {
            throw new ImageDecodingException(ImageDecodingException.Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "image is %dx%d = %d pixels, over the limit of %d", width, height, (long) width * height,
                    maxPixels));
        }
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        String sourceMode = colorModeOf(reader);
        ImageReadParam param = reader.getDefaultReadParam();
        if (minShortSide > 0) {
            int factor = Math.max(1, Math.min(width, height) / minShortSide);
            param.setSourceSubsampling(factor, factor, 0, 0);
        }
        BufferedImage image = reader.read(0, param);
        String mode = sourceMode != null ? sourceMode : colorModeOf(image.getColorModel());
        return new DecodedImage(toOpaqueRgb(image), format, mode, width, height);
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Reports CMYK sources, which decoders convert to RGB before we ever see the pixels. */
    private static String colorModeOf(ImageReader reader) {
        try {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw != null && raw.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
                return "CMYK";
            }
        } catch (IOException | RuntimeException e) {
            // Some readers cannot report the raw type before reading; the decoded image tells instead.
        }
        return null;
    }

    private static String colorModeOf(ColorModel model) {
        if (model instanceof IndexColorModel) {
            return model.hasAlpha() ? "PALETTE_ALPHA" : "PALETTE";
        }
        if (model.getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            return "CMYK";
        }
        if (model.getNumColorComponents() == 1) {
            return model.hasAlpha() ? "GRAY_ALPHA" : "GRAY";
        }
        return model.hasAlpha() ? "RGBA" : "RGB";
    }

    /**
     * Converts any decoded image to {@code TYPE_INT_RGB}; transparent pixels become white, so the
     * colour hidden under transparency (black in one file, white in another) never leaks in.
     */
    static BufferedImage toOpaqueRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
