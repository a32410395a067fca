package org.facemask.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensor names of torchvision's ResNet18 state dict, which the weights file uses. Apart from
 * {@link ResNet18} (DJL blocks) so that the ONNX export reads them without loading DJL.
 */
final class ResNet18Names {

    /** Output channels of the four stages. */
    static final int[] WIDTHS = {64, 128, 256, 512};

    private ResNet18Names() {}

    /** Returns torchvision's state-dict names in DJL's {@code Block.getParameters()} order. */
    static List<String> torchvision() {
        List<String> names = new ArrayList<>();
        names.add("conv1.weight");
        addBatchNorm(names, "bn1");
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            for (int block = 0; block < 2; block++) {
                String prefix = "layer" + (stage + 1) + "." + block + ".";
                names.add(prefix + "conv1.weight");
                addBatchNorm(names, prefix + "bn1");
                names.add(prefix + "conv2.weight");
                addBatchNorm(names, prefix + "bn2");
                if (block == 0 && stage > 0) {
                    names.add(prefix + "downsample.0.weight");
                    addBatchNorm(names, prefix + "downsample.1");
                }
            }
        }
        names.add("fc.weight");
        names.add("fc.bias");
        return names;
    }

    private static void addBatchNorm(List<String> names, String prefix) {
        names.add(prefix + ".weight");
        names.add(prefix + ".bias");
        names.add(prefix + ".running_mean");
        names.add(prefix + ".running_var");
    }
}
