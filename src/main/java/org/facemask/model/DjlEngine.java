package org.facemask.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;

/** Inference through DJL's PyTorch engine, the same network code that training runs. */
final class DjlEngine implements InferenceEngine {

    private final Model model;
    private final int size;
    private final int classes;

    DjlEngine(Path dir, ModelMetadata meta) {
        var tensors = ModelArtifact.readWeights(dir, meta);
        this.size = meta.inputSize();
        this.classes = meta.classes().size();
        this.model = Model.newInstance(meta.name(), Device.cpu(), "PyTorch");
        try {
            Block block = NetworkArtifact.buildNetwork(classes);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
            Weights.load(block, tensors, false, dir.resolve(meta.weightsFile()).toString());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public synchronized float[][] logits(float[] batch, int n) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(batch, new Shape(n, 3, size, size));
            float[] flat = model.getBlock()
                    .forward(new ParameterStore(scope, false), new NDList(input), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float[][] rows = new float[n][classes];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * classes, rows[i], 0, classes);
            }
            return rows;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
