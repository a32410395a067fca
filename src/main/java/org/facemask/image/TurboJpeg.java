package org.facemask.image;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.facemask.config.SystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's TurboJPEG decoder, used for plain JPEGs when the machine has it (Debian and
 * Ubuntu packages {@code libturbojpeg-java} and {@code libturbojpeg0-dev}; the container image
 * installs them). Why: it scales in the DCT domain while decoding (by 1/2, 1/4 or 1/8), so a
 * 12-megapixel photo that only needs a few hundred pixels decodes at 1/8 size, and its SIMD code
 * is faster anyway: {@code bench/serve.sh} measured such a photo end to end through
 * {@code /predict} in 93–97 ms against 123–143 ms with ImageIO alone in the same runs.
 * It is found by reflection in the system's jar, so the build needs nothing and a machine without
 * it decodes everything through ImageIO as before.
 *
 * <p>Left to ImageIO: anything that is not a JPEG, CMYK/YCCK JPEGs and JPEGs with an embedded
 * ICC profile other than sRGB (TwelveMonkeys converts both to sRGB; TurboJPEG would not; an sRGB
 * profile, what many cameras and Android phones embed, needs no conversion), and any JPEG TurboJPEG
 * warns about (corrupt data): ImageIO's outcome for those stays exactly as it was. A JPEG cut short
 * never gets this far: {@link ImageDecoder} refuses it first ({@link Truncation}), as both
 * decoders would only warn and fill the rest with grey.
 */
final class TurboJpeg {

    private static final String PACKAGE = "org.libjpegturbo.turbojpeg.";
    // TJ.CS_GRAY, TJ.CS_CMYK, TJ.CS_YCCK and TJ.FLAG_STOPONWARNING of the TurboJPEG Java API.
    private static final int CS_GRAY = 2;
    private static final int CS_CMYK = 3;
    private static final int CS_YCCK = 4;
    private static final int FLAG_STOP_ON_WARNING = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);
    private static final TurboJpeg SYSTEM = load(SystemProperty.TURBOJPEG_JAR.value());

    private final MethodHandle open;
    private final MethodHandle width;
    private final MethodHandle height;
    private final MethodHandle colorspace;
    private final MethodHandle decompress;
    private final MethodHandle close;
    /** The n of the decoder's scaling factors 1/n, largest first (the smallest factor first). */
    private final List<Integer> divisors;

    private TurboJpeg(MethodHandle open, MethodHandle width, MethodHandle height, MethodHandle colorspace,
            MethodHandle decompress, MethodHandle close, List<Integer> divisors) {
        this.open = open;
        this.width = width;
        this.height = height;
        this.colorspace = colorspace;
        this.decompress = decompress;
        this.close = close;
        this.divisors = divisors;
    }

    /** Returns the system's TurboJPEG, or null when it is not installed (or turned off). */
    static TurboJpeg system() {
        return SYSTEM;
    }

    /**
     * Loads TurboJPEG from a jar.
     *
     * @param jar the path of libjpeg-turbo's Java API jar, or {@code none}
     * @return the decoder, or null when the jar or its native library is missing
     */
    static TurboJpeg load(String jar) {
        Path path = Path.of(jar);
        if (jar.equals("none") || !Files.isRegularFile(path)) {
            return null;
        }
        try {
            ClassLoader loader = new URLClassLoader(new URL[] {path.toUri().toURL()},
                    TurboJpeg.class.getClassLoader());
            Class<?> tj = Class.forName(PACKAGE + "TJ", true, loader);
            Class<?> decompressor = Class.forName(PACKAGE + "TJDecompressor", true, loader);
            Class<?> factor = Class.forName(PACKAGE + "TJScalingFactor", true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object factors = lookup.findStatic(tj, "getScalingFactors", MethodType.methodType(factor.arrayType()))
                    .invoke();
            MethodHandle num = lookup.findVirtual(factor, "getNum", MethodType.methodType(int.class));
            MethodHandle denom = lookup.findVirtual(factor, "getDenom", MethodType.methodType(int.class));
            List<Integer> divisors = new ArrayList<>();
            for (int i = 0; i < Array.getLength(factors); i++) {
                Object f = Array.get(factors, i);
                int n = (int) num.invoke(f);
                int d = (int) denom.invoke(f);
                // 1/2, 1/4, 1/8 only: like ImageIO's integer subsampling, an image less than twice
                // the size needed decodes whole and the classifier's own resize does the rest, so
                // face crops are preprocessed exactly as in training.
                if (n == 1 && d >= 1) {
                    divisors.add(d);
                }
            }
            divisors.sort(Comparator.reverseOrder());
            TurboJpeg turbo = new TurboJpeg(
                    lookup.findConstructor(decompressor, MethodType.methodType(void.class, byte[].class))
                            .asType(MethodType.methodType(Object.class, byte[].class)),
                    getter(lookup, decompressor, "getWidth"),
                    getter(lookup, decompressor, "getHeight"),
                    getter(lookup, decompressor, "getColorspace"),
                    lookup.findVirtual(decompressor, "decompress", MethodType.methodType(BufferedImage.class,
                            int.class, int.class, int.class, int.class)).asType(MethodType.methodType(
                            BufferedImage.class, Object.class, int.class, int.class, int.class, int.class)),
                    lookup.findVirtual(decompressor, "close", MethodType.methodType(void.class))
                            .asType(MethodType.methodType(void.class, Object.class)),
                    List.copyOf(divisors));
            LOG.debug("JPEGs decode through TurboJPEG ({})", jar);
            return turbo;
        } catch (Throwable e) {
            // Jar without its native library (libturbojpeg.so comes with libturbojpeg0-dev), or
            // another version of the API: ImageIO decodes everything, as without the jar.
            LOG.info("TurboJPEG at {} not usable, JPEGs decode through ImageIO: {}", jar, e.toString());
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            return null;
        }
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> owner, String name)
            throws ReflectiveOperationException {
        return lookup.findVirtual(owner, name, MethodType.methodType(int.class))
                .asType(MethodType.methodType(int.class, Object.class));
    }

    /**
     * Decodes a JPEG to opaque RGB, scaled in the DCT domain by the smallest of 1/8, 1/4, 1/2 and 1
     * that keeps the short side at least {@code minShortSide}.
     *
     * @param bytes the encoded image
     * @param minShortSide the smallest short side the caller needs, or 0 for full resolution
     * @param maxPixels images whose header declares more pixels are refused without decoding
     * @return the image, or null when ImageIO should decode it instead (see the class comment)
     * @throws ImageDecodingException if the header declares more than {@code maxPixels} pixels
     */
    DecodedImage decode(byte[] bytes, int minShortSide, long maxPixels) throws ImageDecodingException {
        if (!isPlainJpeg(bytes)) {
            return null;
        }
        Object jpeg;
        try {
            jpeg = open.invoke(bytes);
        } catch (Throwable e) {
            return rethrowVmError(e);
        }
        try {
            int w = (int) width.invoke(jpeg);
            int h = (int) height.invoke(jpeg);
            int space = (int) colorspace.invoke(jpeg);
            if (w <= 0 || h <= 0 || space == CS_CMYK || space == CS_YCCK) {
                return null;
            }
            if ((long) w * h > maxPixels) {
                throw new ImageDecodingException(ImageDecodingException.Reason.TOO_LARGE, String.format(Locale.ROOT,
                        "image is %dx%d = %d pixels, over the limit of %d", w, h, (long) w * h, maxPixels));
            }
            int d = divisor(Math.min(w, h), minShortSide);
            BufferedImage rgb = (BufferedImage) decompress.invoke(jpeg, scaled(w, d), scaled(h, d),
                    BufferedImage.TYPE_INT_RGB, FLAG_STOP_ON_WARNING);
            return new DecodedImage(rgb, "jpeg", space == CS_GRAY ? "GRAY" : "RGB", w, h);
        } catch (ImageDecodingException e) {
            throw e;
        } catch (Throwable e) {
            return rethrowVmError(e);
        } finally {
            try {
                close.invoke(jpeg);
            } catch (Throwable e) {
                rethrowVmError(e);
            }
        }
    }

    /**
     * Returns the n of the smallest scaling factor 1/n that keeps {@code shortSide} at
     * {@code minShortSide} or more (1: decode whole).
     */
    int divisor(int shortSide, int minShortSide) {
        if (minShortSide <= 0) {
            return 1;
        }
        for (int d : divisors) {
            if (scaled(shortSide, d) >= minShortSide) {
                return d;
            }
        }
        return 1;
    }

    private static int scaled(int size, int divisor) {
        // TurboJPEG's own rounding (TJScalingFactor.getScaled) for the factor 1/divisor.
        return (size + divisor - 1) / divisor;
    }

    private static DecodedImage rethrowVmError(Throwable e) {
        if (e instanceof VirtualMachineError vm) {
            throw vm;
        }
        return null;
    }

    /**
     * A JPEG (SOI marker) whose pixels are sRGB as stored: no embedded ICC profile (APP2
     * "ICC_PROFILE" segments, before the first scan) or an sRGB one.
     */
    static boolean isPlainJpeg(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return false;
        }
        byte[] icc = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream profile = null;
        int pos = 2;
        while (pos + 4 <= b.length && (b[pos] & 0xFF) == 0xFF) {
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xDA) {
                return profile == null || isSrgb(profile.toByteArray());
            }
            int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (marker == 0xE2 && startsWith(b, pos + 4, icc)) {
                // Identifier, chunk number and chunk count, then this chunk of the profile.
                int from = pos + 4 + icc.length + 2;
                int to = pos + 2 + length;
                if (from > to || to > b.length) {
                    return false;
                }
                profile = profile != null ? profile : new ByteArrayOutputStream();
                profile.write(b, from, to - from);
            }
            pos += 2 + length;
        }
        // Headers that end before a scan are corrupt: ImageIO says how.
        return false;
    }

    /** Tells whether an embedded profile is sRGB; one that cannot be read is not (ImageIO decides). */
    private static boolean isSrgb(byte[] profile) {
        try {
            return ColorProfiles.isCS_sRGB(ColorProfiles.createProfileRaw(profile));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] b, int from, byte[] prefix) {
        if (from + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
