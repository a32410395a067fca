package org.facemask.quantization;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes float32 arrays in NumPy's {@code .npy} format (version 1.0): the calibration tensors handed
 * to the Python quantizer.
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {}

    /**
     * Writes the header of a little-endian, C-ordered float32 array; the caller then writes the
     * values with {@link #values}.
     *
     * @param out where to write
     * @param shape the array's shape
     * @throws IOException if writing fails
     */
    static void header(OutputStream out, long... shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (")
                .append(dims).append(shape.length == 1 ? ",), }" : "), }");
        // Magic, version and the 2-byte header length come first; the header ends in a newline and
        // is padded with spaces so that the data starts on a 64-byte boundary.
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        dict.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(MAGIC);
        out.write(text.length & 0xff);
        out.write(text.length >>> 8);
        out.write(text);
    }

    /**
     * Writes float32 values little-endian.
     *
     * @param out where to write
     * @param values the values
     * @throws IOException if writing fails
     */
    static void values(OutputStream out, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }
}
