package org.facemask.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Refuses image files cut short where their decoders would not. The policy: an image whose pixel
 * data is not all in the file is corrupt. Decoders disagree on what a premature end is worth: both
 * JPEG decoders (libjpeg-turbo and ImageIO's) only warn and paint the missing blocks grey, so a
 * photo cut to its first 5 % was answered with a confident prediction; the JDK's TIFF reader does
 * the same for JPEG-compressed strips, and TwelveMonkeys' lossless WEBP decoder returns what it
 * got that far, after minutes of CPU on a 3-megapixel file cut in half. PNG, GIF and BMP need
 * nothing here: their decoders fail at the first missing byte of pixel data.
 *
 * <p>The checks read markers and headers only, never pixels, and run before decoding: a JPEG must
 * close its last scan with the end-of-image marker, a TIFF must hold every strip or tile of its
 * first image, and a WEBP must be as long as its RIFF header says (libwebp's own rule). Bytes
 * after the end are fine.
 */
final class Truncation {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Truncation() {}

    /**
     * Refuses an image file that ends before its format says it is complete.
     *
     * @param bytes the encoded image; formats other than JPEG, TIFF and WEBP pass unchecked
     * @throws ImageDecodingException with {@link ImageDecodingException.Reason#CORRUPT} if it is cut short
     */
    static void check(byte[] bytes) throws ImageDecodingException {
        String missing = missing(bytes);
        if (missing != null) {
            throw new ImageDecodingException(ImageDecodingException.Reason.CORRUPT, "truncated image: " + missing);
        }
    }

    /** Says what a cut-short file lacks, or returns null when it is complete (or not checked here). */
    private static String missing(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return jpegEnds(b) ? null : "the JPEG ends before its end-of-image marker";
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            long needed = tiffLength(b);
            return needed <= b.length ? null
                    : "the TIFF's first image needs " + needed + " bytes, the file has " + b.length;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            long declared = 8 + Integer.toUnsignedLong(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
            return declared <= b.length ? null
                    : "the WEBP declares " + declared + " bytes, the file has " + b.length;
        }
        return null;
    }

    /**
     * Tells whether a JPEG's end-of-image marker (EOI) follows its last scan. Marker segments are
     * skipped by their length, so an EOI inside one (an Exif thumbnail's) does not count; in scan
     * data a 0xFF byte is always followed by 0x00 or a restart marker, so no EOI hides there. Both
     * decoders call a file that stops before EOI a premature end, even when only EOI is missing:
     * nothing in the file tells that apart from a scan cut short.
     */
    private static boolean jpegEnds(byte[] b) {
        int pos = 2;
        while (pos + 1 < b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                // Scan data, or stray bytes between segments that the decoders skip as well; eight
                // bytes at a time where none is 0xFF, which keeps a 4 MB photo well under a millisecond.
                pos++;
                while (pos + Long.BYTES <= b.length && !hasFF((long) LONGS.get(b, pos))) {
                    pos += Long.BYTES;
                }
                continue;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xD9) {
                return true;
            }
            if (marker == 0xFF) {
                // Fill bytes may pad any marker.
                pos++;
            } else if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                // A stuffed 0xFF in scan data, or a marker without a length (TEM, RSTn, SOI).
                pos += 2;
            } else {
                if (pos + 4 > b.length) {
                    return false;
                }
                int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
                if (length < 2) {
                    // A broken segment, not a cut: the decoders say what is wrong with it.
                    return true;
                }
                pos += 2 + length;
            }
        }
        return false;
    }

    /** Tells whether any of the eight bytes of {@code word} is 0xFF (a zero byte of its complement). */
    private static boolean hasFF(long word) {
        long inverted = ~word;
        return ((inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L) != 0;
    }

    /**
     * Returns how many bytes a TIFF needs for its first image: its directory, the offsets and byte
     * counts of its strips (or tiles) and those strips; 0 when the header is not one this reads
     * (BigTIFF, other field types, no strips), which leaves the file to the decoder.
     */
    private static long tiffLength(byte[] b) {
        if (b.length < 8) {
            return 8;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long ifd = Integer.toUnsignedLong(buf.getInt(4));
        if (ifd + 2 > b.length) {
            return ifd + 2;
        }
        int entries = Short.toUnsignedInt(buf.getShort((int) ifd));
        long needed = ifd + 2 + 12L * entries;
        if (needed > b.length) {
            return needed;
        }
        int offsets = -1;
        int counts = -1;
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            int tag = Short.toUnsignedInt(buf.getShort(entry));
            // StripOffsets or TileOffsets; StripByteCounts or TileByteCounts.
            if (tag == 273 || tag == 324) {
                offsets = entry;
            } else if (tag == 279 || tag == 325) {
                counts = entry;
            }
        }
        if (offsets < 0 || counts < 0 || buf.getInt(offsets + 4) != buf.getInt(counts + 4)) {
            return 0;
        }
        long offsetsAt = arrayStart(buf, offsets);
        long countsAt = arrayStart(buf, counts);
        if (offsetsAt < 0 || countsAt < 0) {
            return 0;
        }
        long strips = Integer.toUnsignedLong(buf.getInt(offsets + 4));
        needed = Math.max(offsetsAt + strips * fieldSize(buf, offsets), countsAt + strips * fieldSize(buf, counts));
        if (needed > b.length) {
            return needed;
        }
        for (int i = 0; i < strips; i++) {
            needed = Math.max(needed, value(buf, offsets, offsetsAt, i) + value(buf, counts, countsAt, i));
        }
        return needed;
    }

    /** Returns where the values of a SHORT or LONG directory entry start, or -1 for another type. */
    private static long arrayStart(ByteBuffer buf, int entry) {
        int size = fieldSize(buf, entry);
        if (size == 0) {
            return -1;
        }
        // Values that fit in the entry's four bytes are stored there, others at the offset it holds.
        long bytes = Integer.toUnsignedLong(buf.getInt(entry + 4)) * size;
        return bytes <= 4 ? entry + 8 : Integer.toUnsignedLong(buf.getInt(entry + 8));
    }

    /** Returns 2 for a SHORT directory entry, 4 for a LONG one, 0 for any other type. */
    private static int fieldSize(ByteBuffer buf, int entry) {
        int type = Short.toUnsignedInt(buf.getShort(entry + 2));
        return type == 3 ? 2 : type == 4 ? 4 : 0;
    }

    /** Returns value {@code i} of a SHORT or LONG directory entry whose values start at {@code start}. */
    private static long value(ByteBuffer buf, int entry, long start, int i) {
        int at = (int) (start + (long) i * fieldSize(buf, entry));
        return fieldSize(buf, entry) == 2 ? Short.toUnsignedInt(buf.getShort(at))
                : Integer.toUnsignedLong(buf.getInt(at));
    }
}
