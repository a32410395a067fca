package org.facemask.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;

/**
 * A model on disk: a folder with {@code model.json} ({@link ModelMetadata}) and the weights as
 * torchvision-named safetensors, or instead a ready ONNX graph (an int8 one from
 * {@code facemask quantize}). Reading checks the folder thoroughly and explains what is wrong.
 * Nothing here touches DJL, so that ONNX Runtime serving runs without it on the class path (the
 * edge image); building and writing the DJL network is {@link NetworkArtifact}'s.
 */
public final class ModelArtifact {

    /** The artifact layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The only architecture this code builds. */
    public static final String ARCHITECTURE = "resnet18-torchvision";
    /** Name of the metadata file inside the artifact folder. */
    public static final String METADATA_FILE = "model.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelArtifact() {}

    /**
     * Reads and validates {@code model.json} of an artifact folder.
     *
     * @param dir the artifact folder
     * @return the metadata
     * @throws ModelArtifactException if the folder, metadata or weights file is missing, corrupt or
     *     incompatible
     */
    public static ModelMetadata readMetadata(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelArtifactException("model folder not found: " + dir);
        }
        Path file = dir.resolve(METADATA_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException("not a model folder: " + file + " is missing");
        }
        ModelMetadata meta;
        try {
            meta = JSON.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new ModelArtifactException("corrupt " + file + ": " + e.getMessage(), e);
        }
        if (meta == null) {
            throw new ModelArtifactException("corrupt " + file + ": empty");
        }
        if (meta.formatVersion() != FORMAT_VERSION) {
            throw new ModelArtifactException(file + ": format_version " + meta.formatVersion()
                    + " is not supported (this build reads version " + FORMAT_VERSION + ")");
        }
        if (!ARCHITECTURE.equals(meta.architecture())) {
            throw new ModelArtifactException(file + ": architecture '" + meta.architecture()
                    + "' is not supported (expected " + ARCHITECTURE + ")");
        }
        if (meta.classes() == null || meta.classes().size() < 2
                || new HashSet<>(meta.classes()).size() != meta.classes().size()) {
            throw new ModelArtifactException(file + ": classes must list at least two distinct names, got "
                    + meta.classes());
        }
        if (meta.inputSize() < 32 || meta.inputSize() > 1024) {
            throw new ModelArtifactException(file + ": input_size " + meta.inputSize() + " is outside 32..1024");
        }
        if (meta.mean() == null || meta.mean().length != 3 || meta.std() == null || meta.std().length != 3) {
            throw new ModelArtifactException(file + ": mean and std must hold 3 values each");
        }
        for (float s : meta.std()) {
            if (!(s > 0)) {
                throw new ModelArtifactException(file + ": std values must be positive");
            }
        }
        if (meta.carriesOnnxGraph()) {
            if (!Files.isRegularFile(dir.resolve(meta.onnxFile()))) {
                throw new ModelArtifactException("ONNX graph missing: " + dir.resolve(meta.onnxFile()));
            }
        } else if (meta.weightsFile() == null || !Files.isRegularFile(dir.resolve(meta.weightsFile()))) {
            throw new ModelArtifactException("weights file missing: "
                    + dir.resolve(String.valueOf(meta.weightsFile())));
        }
        return meta;
    }

    /**
     * Reads an artifact's weights file.
     *
     * @param dir the artifact folder
     * @param meta its metadata, from {@link #readMetadata}
     * @return name → tensor, in file order
     * @throws ModelArtifactException if the file is truncated or malformed
     */
    static Map<String, SafeTensors.Tensor> readWeights(Path dir, ModelMetadata meta) {
        if (meta.weightsFile() == null) {
            throw new ModelArtifactException(dir + " has no weights, only the ONNX graph " + meta.onnxFile()
                    + ", which only ONNX Runtime runs (--backend ONNX)");
        }
        Path file = dir.resolve(meta.weightsFile());
        try {
            return SafeTensors.read(file);
        } catch (IOException e) {
            throw new ModelArtifactException("corrupt weights " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code model.json} (e.g. to record metrics measured after saving).
     *
     * @param dir the artifact folder
     * @param meta the metadata
     * @throws IOException if writing fails
     */
    public static void writeMetadata(Path dir, ModelMetadata meta) throws IOException {
        Path tmp = dir.resolve(METADATA_FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), meta);
        Files.move(tmp, dir.resolve(METADATA_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
