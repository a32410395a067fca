package org.facemask.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option shared by the commands that load a model; defaults to the bundled one. */
final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled model).")
    Path model;

    /** Returns the chosen model folder, or the bundled model when none was given. */
    Path resolve() {
        return model != null ? model : FaceMaskCli.bundledModel();
    }
}
