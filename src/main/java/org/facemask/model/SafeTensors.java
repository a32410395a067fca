package org.facemask.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header
 * of name → dtype/shape/offsets, then raw little-endian tensor bytes), the format PyTorch users
 * export state dicts in.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /**
     * One stored tensor.
     *
     * @param dtype safetensors dtype name, e.g. {@code F32}, {@code F16}, {@code I64}
     * @param shape dimensions
     * @param data the raw bytes, little-endian, positioned at 0
     */
    @SuppressWarnings("ArrayRecordComponent") // a view of the file, never compared or hashed
    public record Tensor(String dtype, long[] shape, ByteBuffer data) {

        /** Returns the number of elements. */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private SafeTensors() {}

    /**
     * Reads every tensor of a safetensors file, in header order.
     *
     * @param file the file
     * @return name → tensor
     * @throws IOException if the file is missing, truncated or malformed
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new IOException(file + ": not a safetensors file (only " + size + " bytes)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new IOException(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : header.properties()) {
                if (field.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode info = field.getValue();
                JsonNode offsets = info.path("data_offsets");
                long begin = offsets.path(0).asLong(-1);
                long end = offsets.path(1).asLong(-1);
                if (begin < 0 || end < begin || dataStart + end > size) {
                    throw new IOException(file + ": tensor " + field.getKey() + " lies outside the file (truncated?)");
                }
                long[] shape = new long[info.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = info.path("shape").path(i).asLong();
                }
                ByteBuffer data = ByteBuffer.allocateDirect((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, data, dataStart + begin);
                Tensor tensor = new Tensor(info.path("dtype").asText(), shape, data.flip());
                if (tensor.elements() * bytesPerElement(tensor.dtype()) != end - begin) {
                    throw new IOException(file + ": tensor " + field.getKey() + " has " + (end - begin)
                            + " bytes, which does not fit its dtype and shape");
                }
                tensors.put(field.getKey(), tensor);
            }
            return tensors;
        }
    }

    /**
     * Writes tensors to a safetensors file, in map order.
     *
     * @param file the file, replaced if present
     * @param tensors name → tensor
     * @throws IOException if writing fails
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", e.getValue().dtype());
            var shape = info.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long length = e.getValue().data().remaining();
            info.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        // Pad the header with spaces so tensor data starts 8-byte aligned, as the format advises.
        int padded = (headerBytes.length + 7) / 8 * 8;
        byte[] headerPadded = java.util.Arrays.copyOf(headerBytes, padded);
        java.util.Arrays.fill(headerPadded, headerBytes.length, padded, (byte) ' ');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerPadded);
            for (Tensor t : tensors.values()) {
                ByteBuffer data = t.data().duplicate();
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                out.write(bytes);
            }
        }
    }

    static int bytesPerElement(String dtype) throws IOException {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "U8", "I8", "BOOL" -> 1;
            default -> throw new IOException("unsupported safetensors dtype " + dtype);
        };
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }
}
