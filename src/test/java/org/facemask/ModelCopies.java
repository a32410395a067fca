package org.facemask;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelMetadata;

/** Copies of a model folder for the registry and swap tests: another version, or a broken one. */
public final class ModelCopies {

    private ModelCopies() {}

    /**
     * Copies a model folder as another version: same weights, another {@code created_at}, so that
     * answers say which of the two made them.
     *
     * @param model the model folder
     * @param out the new folder
     * @param createdAt the copy's version
     * @return {@code out}
     * @throws IOException if copying fails
     */
    public static Path version(Path model, Path out, String createdAt) throws IOException {
        Fixtures.copyTree(model, out);
        ModelMetadata m = ModelArtifact.readMetadata(out);
        ModelArtifact.writeMetadata(out, new ModelMetadata(m.formatVersion(), m.name(), m.architecture(), m.classes(),
                m.inputSize(), m.mean(), m.std(), m.weightsFile(), m.weightsDtype(), m.training(), m.metrics(),
                m.dataset(), createdAt, m.onnxFile(), m.quantization()));
        return out;
    }

    /**
     * Copies a model folder with its weights file cut in half, as an interrupted copy leaves it.
     *
     * @param model the model folder
     * @param out the new folder
     * @return {@code out}
     * @throws IOException if copying fails
     */
    public static Path truncated(Path model, Path out) throws IOException {
        Fixtures.copyTree(model, out);
        Path weights = out.resolve(ModelArtifact.readMetadata(out).weightsFile());
        try (FileChannel channel = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(weights) / 2);
        }
        return out;
    }
}
