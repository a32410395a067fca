package org.facemask.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Safetensors tensors as plain float arrays, without starting a deep-learning engine: the ONNX
 * path must not load libtorch just to read its weights.
 */
final class FloatWeights {

    private FloatWeights() {}

    /**
     * Converts every floating-point tensor to float32; integer tensors (batch counters) are skipped.
     *
     * @param tensors name → tensor
     * @return name → values, in the same order
     */
    static Map<String, float[]> of(Map<String, SafeTensors.Tensor> tensors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            switch (t.dtype()) {
                case "F32" -> {
                    FloatBuffer b = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    float[] v = new float[b.remaining()];
                    b.get(v);
                    out.put(name, v);
                }
                case "F16", "BF16" -> {
                    ShortBuffer b = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                    float[] v = new float[b.remaining()];
                    boolean half = t.dtype().equals("F16");
                    for (int i = 0; i < v.length; i++) {
                        short bits = b.get(i);
                        v[i] = half ? halfToFloat(bits) : Float.intBitsToFloat((bits & 0xffff) << 16);
                    }
                    out.put(name, v);
                }
                default -> { }
            }
        });
        return out;
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mantissa * 2^-24.
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
