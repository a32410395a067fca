package org.facemask.cli;

import java.nio.file.Path;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import picocli.CommandLine.Option;

/**
 * The {@code --model DIR} and {@code --backend} options shared by the commands that load a model;
 * defaults to the bundled one.
 */
final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled model).")
    Path model;

    @Option(names = "--backend",
            description = "Runtime: DJL (libtorch, as in training) or ONNX (ONNX Runtime, faster)."
                + " Default: DJL; ONNX for a model folder that carries its own (int8) ONNX graph.")
    Backend backend;

    /** Returns the chosen model folder, or the bundled model when none was given. */
    Path resolve() {
        return model != null ? model : FaceMaskCli.bundledModel();
    }

    /** Returns whether {@code --backend} was given. */
    boolean backendGiven() {
        return backend != null;
    }

    /** Returns the chosen runtime, else the model's default ({@link MaskClassifier#defaultBackend}). */
    Backend backend() {
        return backend != null ? backend : MaskClassifier.defaultBackend(resolve(), Backend.DJL);
    }

    /** Loads the chosen model on the chosen runtime. */
    MaskClassifier load() {
        return MaskClassifier.load(resolve(), backend());
    }
}
