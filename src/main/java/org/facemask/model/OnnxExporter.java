package org.facemask.model;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the ResNet18 of a model artifact as an ONNX graph (opset 13) with batch-norm folded into
 * the preceding convolutions and a dynamic batch dimension, so ONNX Runtime can serve it.
 *
 * <p>The ONNX protobuf messages are encoded by field number with protobuf's own encoder; the
 * handful of message types a ResNet needs do not justify generated code.
 */
public final class OnnxExporter {

    /** Name of the graph input: float32 {@code [batch, 3, size, size]}. */
    public static final String INPUT = "input";
    /** Name of the graph output: float32 logits {@code [batch, classes]}. */
    public static final String OUTPUT = "logits";

    private static final int OPSET = 13;
    private static final int IR_VERSION = 7;
    private static final int FLOAT = 1;
    private static final float BN_EPSILON = 1e-5f;

    private final Map<String, float[]> weights;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private int counter;

    private OnnxExporter(Map<String, float[]> weights) {
        this.weights = weights;
    }

    /**
     * Exports an artifact folder's model to ONNX bytes (for a folder that carries its own graph,
     * that graph).
     *
     * @param dir the model artifact folder
     * @return a serialised ONNX ModelProto
     * @throws ModelArtifactException if the artifact is missing, corrupt or incompatible
     */
    public static byte[] export(Path dir) {
        return export(dir, ModelArtifact.readMetadata(dir));
    }

    /**
     * Exports an artifact whose metadata the caller has already read and checked; a folder that
     * carries its own graph (int8) gives that graph as it is.
     */
    static byte[] export(Path dir, ModelMetadata meta) {
        if (meta.carriesOnnxGraph()) {
            Path graph = dir.resolve(meta.onnxFile());
            try {
                return Files.readAllBytes(graph);
            } catch (IOException e) {
                throw new ModelArtifactException("cannot read the ONNX graph " + graph + ": " + e.getMessage(), e);
            }
        }
        return export(meta, FloatWeights.of(ModelArtifact.readWeights(dir, meta)));
    }

    /**
     * Exports an artifact folder's model to an ONNX file.
     *
     * @param dir the model artifact folder
     * @param file the {@code .onnx} file to write
     * @throws IOException if writing fails
     */
    public static void export(Path dir, Path file) throws IOException {
        Files.write(file, export(dir));
    }

    static byte[] export(ModelMetadata meta, Map<String, float[]> weights) {
        for (String name : ResNet18Names.torchvision()) {
            if (!weights.containsKey(name)) {
                throw new ModelArtifactException("weights lack tensor " + name);
            }
        }
        OnnxExporter exporter = new OnnxExporter(weights);
        String x = exporter.convBn(INPUT, "conv1", "bn1", 7, 2, 3);
        x = exporter.node("Relu", List.of(x), List.of());
        x = exporter.node("MaxPool", List.of(x), List.of(ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1)));
        for (int stage = 1; stage <= 4; stage++) {
            for (int block = 0; block < 2; block++) {
                x = exporter.basicBlock(x, "layer" + stage + "." + block, stage > 1 && block == 0 ? 2 : 1);
            }
        }
        x = exporter.node("GlobalAveragePool", List.of(x), List.of());
        x = exporter.node("Flatten", List.of(x), List.of(intAttr("axis", 1)));
        int classes = meta.classes().size();
        String w = exporter.initializer("fc.weight", weights.get("fc.weight"), classes, 512);
        String b = exporter.initializer("fc.bias", weights.get("fc.bias"), classes);
        exporter.node("Gemm", List.of(x, w, b), List.of(intAttr("transB", 1)), OUTPUT);
        return exporter.model(meta);
    }

    private String basicBlock(String input, String prefix, int stride) {
        String y = convBn(input, prefix + ".conv1", prefix + ".bn1", 3, stride, 1);
        y = node("Relu", List.of(y), List.of());
        y = convBn(y, prefix + ".conv2", prefix + ".bn2", 3, 1, 1);
        String shortcut = weights.containsKey(prefix + ".downsample.0.weight")
                ? convBn(input, prefix + ".downsample.0", prefix + ".downsample.1", 1, stride, 0)
                : input;
        String sum = node("Add", List.of(y, shortcut), List.of());
        return node("Relu", List.of(sum), List.of());
    }

    /** A bias-free convolution followed by inference-mode batch norm, folded into one Conv. */
    private String convBn(String input, String conv, String bn, int kernel, int stride, int pad) {
        float[] w = weights.get(conv + ".weight");
        float[] gamma = weights.get(bn + ".weight");
        float[] beta = weights.get(bn + ".bias");
        float[] mean = weights.get(bn + ".running_mean");
        float[] var = weights.get(bn + ".running_var");
        int out = gamma.length;
        int perFilter = w.length / out;
        float[] folded = new float[w.length];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            // Double precision keeps the folded weights within float rounding of the unfolded net.
            double scale = gamma[o] / Math.sqrt((double) var[o] + BN_EPSILON);
            for (int i = 0; i < perFilter; i++) {
                folded[o * perFilter + i] = (float) (w[o * perFilter + i] * scale);
            }
            bias[o] = (float) (beta[o] - mean[o] * scale);
        }
        int in = perFilter / (kernel * kernel);
        String wName = initializer(conv + ".weight", folded, out, in, kernel, kernel);
        String bName = initializer(conv + ".bias", bias, out);
        return node("Conv", List.of(input, wName, bName), List.of(ints("kernel_shape", kernel, kernel),
                ints("strides", stride, stride), ints("pads", pad, pad, pad, pad)));
    }

    private String node(String op, List<String> inputs, List<byte[]> attributes) {
        return node(op, inputs, attributes, op.toLowerCase(java.util.Locale.ROOT) + "_" + counter);
    }

    private String node(String op, List<String> inputs, List<byte[]> attributes, String output) {
        String name = op + "_" + counter++;
        nodes.add(message(out -> {
            for (String in : inputs) {
                out.writeString(1, in);
            }
            out.writeString(2, output);
            out.writeString(3, name);
            out.writeString(4, op);
            for (byte[] attribute : attributes) {
                out.writeByteArray(5, attribute);
            }
        }));
        return output;
    }

    private String initializer(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        initializers.add(message(out -> {
            for (long d : dims) {
                out.writeInt64(1, d);
            }
            out.writeInt32(2, FLOAT);
            out.writeString(8, name);
            out.writeByteArray(9, raw.array());
        }));
        return name;
    }

    private byte[] model(ModelMetadata meta) {
        int size = meta.inputSize();
        byte[] graph = message(out -> {
            for (byte[] n : nodes) {
                out.writeByteArray(1, n);
            }
            out.writeString(2, "facemask_resnet18");
            for (byte[] t : initializers) {
                out.writeByteArray(5, t);
            }
            out.writeByteArray(11, valueInfo(INPUT, "batch", 3, size, size));
            out.writeByteArray(12, valueInfo(OUTPUT, "batch", meta.classes().size()));
        });
        return message(out -> {
            out.writeInt64(1, IR_VERSION);
            out.writeString(2, "facemask");
            out.writeString(3, "1");
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(opset -> {
                opset.writeString(1, "");
                opset.writeInt64(2, OPSET);
            }));
        });
    }

    /** A float tensor value-info whose first dimension is symbolic. */
    private static byte[] valueInfo(String name, String batchParam, long... dims) {
        byte[] shape = message(out -> {
            out.writeByteArray(1, message(d -> d.writeString(2, batchParam)));
            for (long dim : dims) {
                out.writeByteArray(1, message(d -> d.writeInt64(1, dim)));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, FLOAT);
            out.writeByteArray(2, shape);
        });
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(2, message(type -> type.writeByteArray(1, tensorType)));
        });
    }

    private static byte[] ints(String name, long... values) {
        return message(out -> {
            out.writeString(1, name);
            for (long v : values) {
                out.writeInt64(8, v);
            }
            out.writeInt32(20, 7); // AttributeType.INTS
        });
    }

    private static byte[] intAttr(String name, long value) {
        return message(out -> {
            out.writeString(1, name);
            out.writeInt64(3, value);
            out.writeInt32(20, 2); // AttributeType.INT
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory encoding cannot fail", e);
        }
    }
}
