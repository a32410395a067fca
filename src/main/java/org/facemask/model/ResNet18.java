package org.facemask.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import java.util.List;

/**
 * torchvision's ResNet18 (11.2 M parameters with 1000 classes) built from DJL blocks.
 *
 * <p>DJL's own {@code ResNetV1} with 18 layers builds bottleneck blocks instead, so the network
 * is assembled here block by block. Parameters come out of {@link Block#getParameters()} in
 * exactly the order of torchvision's {@code state_dict()}, named by {@link ResNet18Names#torchvision()}.
 */
final class ResNet18 {

    private static final int[] WIDTHS = ResNet18Names.WIDTHS;

    private ResNet18() {}

    /**
     * Builds the network.
     *
     * @param numClasses outputs of the final linear layer
     * @return an uninitialised block taking NCHW float input
     */
    static SequentialBlock build(int numClasses) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 7, 2, 3))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = 64;
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            int out = WIDTHS[stage];
            int stride = stage == 0 ? 1 : 2;
            net.add(basicBlock(out, stride, stride != 1 || in != out));
            net.add(basicBlock(out, 1, false));
            in = out;
        }
        Block head = Linear.builder().setUnits(numClasses).build();
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(head);
        // torchvision's initialisation: Kaiming-normal (fan-out) convolutions; the linear head
        // uniform in +-1/sqrt(fan-in). Kaiming on the head would make the first logits huge.
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
        head.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
        return net;
    }

    private static Block basicBlock(int filters, int stride, boolean downsample) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(filters, 3, stride, 1))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(filters, 3, 1, 1))
                .add(batchNorm());
        Block shortcut = downsample
                ? new SequentialBlock().add(conv(filters, 1, stride, 0)).add(batchNorm())
                : Blocks.identityBlock();
        return new ParallelBlock(ResNet18::addThenRelu, List.of(main, shortcut));
    }

    private static NDList addThenRelu(List<NDList> branches) {
        NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
        return new NDList(Activation.relu(sum));
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }
}
