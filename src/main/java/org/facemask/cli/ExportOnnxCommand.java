package org.facemask.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facemask.model.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask export-onnx}: the model as an ONNX file for other runtimes. */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Write the model as ONNX (opset 13, batch-norm folded into the convolutions,",
            "dynamic batch): input 'input' float32 [N,3,S,S] normalised RGB, output 'logits' [N,classes]."})
final class ExportOnnxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, description = "The .onnx file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        OnnxExporter.export(model.resolve(), out);
        spec.commandLine().getOut().printf("wrote %s (%d bytes)%n", out, Files.size(out));
        return 0;
    }
}
