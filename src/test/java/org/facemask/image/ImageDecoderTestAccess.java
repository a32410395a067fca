package org.facemask.image;

/** Lets tests in other packages use the decoder tests' crafted images. */
public final class ImageDecoderTestAccess {

    private ImageDecoderTestAccess() {}

    /** Returns a PNG header declaring 50 000 x 50 000 pixels and no pixel data. */
    public static byte[] bomb() {
        return ImageDecoderTest.pngHeaderOnly(50_000, 50_000);
    }
}
