package org.facemask.model;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The DJL side of a model artifact: builds the network of {@value ModelArtifact#ARCHITECTURE} and
 * writes a trained one as a model folder. Apart from {@link ModelArtifact} so that reading a model
 * folder never loads a DJL class.
 */
public final class NetworkArtifact {

    private NetworkArtifact() {}

    /**
     * Writes an artifact folder: weights first, metadata last, so a folder with
     * {@code model.json} always has its weights.
     *
     * @param dir the folder, created if needed
     * @param meta the metadata; its {@code weightsFile} and {@code weightsDtype} are used
     * @param block the trained network
     * @throws IOException if writing fails
     */
    public static void write(Path dir, ModelMetadata meta, Block block) throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensors.Tensor> tensors = Weights.export(block, meta.weightsDtype());
        SafeTensors.write(dir.resolve(meta.weightsFile()), tensors);
        ModelArtifact.writeMetadata(dir, meta);
    }

    /**
     * Builds the network of this architecture, untrained and uninitialised.
     *
     * @param numClasses number of outputs
     * @return the block
     */
    public static Block buildNetwork(int numClasses) {
        return ResNet18.build(numClasses);
    }
}
