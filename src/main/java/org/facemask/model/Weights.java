package org.facemask.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves ResNet18 parameters between a DJL block and torchvision-named safetensors.
 */
public final class Weights {

    private Weights() {}

    /**
     * Copies the block's parameters out under torchvision names.
     *
     * @param block an initialised ResNet18 block
     * @param dtype {@code F32} or {@code F16} (half the size; accuracy unchanged for inference)
     * @return name → tensor, in state-dict order
     */
    public static Map<String, SafeTensors.Tensor> export(Block block, String dtype) {
        DataType type = switch (dtype) {
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException("weights dtype must be F32 or F16, got " + dtype);
        };
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (Pair<String, Parameter> named : named(block)) {
            NDArray array = named.getValue().getArray();
            try (NDArray converted = array.toType(type, true)) {
                ByteBuffer source = converted.toByteBuffer();
                ByteBuffer copy = ByteBuffer.allocateDirect(source.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                copy.put(source.order(ByteOrder.LITTLE_ENDIAN)).flip();
                tensors.put(named.getKey(), new SafeTensors.Tensor(dtype, array.getShape().getShape(), copy));
            }
        }
        return tensors;
    }

    /**
     * Copies torchvision-named tensors into an initialised block.
     *
     * @param block an initialised ResNet18 block
     * @param tensors name → tensor; extra entries such as {@code num_batches_tracked} are ignored
     * @param skipHead leave {@code fc.*} untouched (fine-tuning from weights with another class count)
     * @param source where the tensors came from, for messages
     * @return the number of tensors copied
     * @throws ModelArtifactException if a tensor is missing, has the wrong shape or an unsupported dtype
     */
    public static int load(Block block, Map<String, SafeTensors.Tensor> tensors, boolean skipHead, String source) {
        int copied = 0;
        for (Pair<String, Parameter> named : named(block)) {
            String name = named.getKey();
            if (skipHead && name.startsWith("fc.")) {
                continue;
            }
            SafeTensors.Tensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new ModelArtifactException(source + ": missing tensor " + name
                        + " (expected torchvision ResNet18 state-dict names)");
            }
            NDArray target = named.getValue().getArray();
            long[] expected = target.getShape().getShape();
            if (!Arrays.equals(expected, tensor.shape())) {
                throw new ModelArtifactException(source + ": tensor " + name + " has shape "
                        + Arrays.toString(tensor.shape()) + ", expected " + Arrays.toString(expected));
            }
            NDManager manager = target.getManager();
            try (NDManager scope = manager.newSubManager()) {
                NDArray raw = scope.create(tensor.data().duplicate().order(ByteOrder.nativeOrder()),
                        new Shape(tensor.shape()), dataType(tensor.dtype(), source, name));
                float[] values = raw.toType(DataType.FLOAT32, false).toFloatArray();
                target.set(FloatBuffer.wrap(values));
            }
            copied++;
        }
        return copied;
    }

    /**
     * Names every parameter of the block by its torchvision name.
     *
     * @param block a ResNet18 block
     * @return torchvision name → the block's parameter, in state-dict order
     */
    public static Map<String, Parameter> byName(Block block) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : named(block)) {
            map.put(p.getKey(), p.getValue());
        }
        return map;
    }

    /** Pairs every parameter of the block with its torchvision name. */
    static List<Pair<String, Parameter>> named(Block block) {
        List<String> names = ResNet18Names.torchvision();
        List<Pair<String, Parameter>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            params.add(p);
        }
        if (params.size() != names.size()) {
            throw new IllegalStateException("block has " + params.size() + " parameters, ResNet18 has " + names.size());
        }
        List<Pair<String, Parameter>> named = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            named.add(new Pair<>(names.get(i), params.get(i).getValue()));
        }
        return named;
    }

    private static DataType dataType(String dtype, String source, String name) {
        return switch (dtype) {
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "F64" -> DataType.FLOAT64;
            default -> throw new ModelArtifactException(source + ": tensor " + name + " has unsupported dtype "
                    + dtype);
        };
    }
}
