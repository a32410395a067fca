package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.quantization.Int8Quantizer;
import org.facemask.quantization.QuantizationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask quantize}: a model folder with a statically quantized int8 ONNX graph. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Write a model folder carrying an int8 ONNX graph (static QDQ quantization, per-channel",
            "weights, ONNX Runtime's Python tooling) calibrated on training-side images; --model accepts it",
            "everywhere with --backend ONNX. Needs Python with onnxruntime, onnx and numpy (make quantize-venv)."})
final class QuantizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Float32 model folder (default: the bundled model).")
    Path model;

    @Option(names = "--calibration", paramLabel = "DATASET", required = true,
            description = "Class-folder dataset (a split folder's train/ is used) to calibrate on; repeat for several"
                + " sources, drawn from evenly.")
    List<Path> calibration;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Model folder to write (new or empty).")
    Path out;

    @Option(names = "--images", defaultValue = "" + QuantizationOptions.DEFAULT_IMAGES,
            description = "Calibration images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the calibration draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--activations", defaultValue = "UINT8",
            description = "Activation type: UINT8 (uint8 x int8 is what x86 VNNI instructions multiply) or INT8"
                + " (for x86 CPUs with AVX2 but no VNNI, where uint8 can saturate). Default: ${DEFAULT-VALUE}.")
    QuantizationOptions.Activations activations;

    @Option(names = "--python", paramLabel = "FILE",
            defaultValue = "${env:FACEMASK_QUANTIZE_PYTHON:-" + QuantizationOptions.DEFAULT_PYTHON + "}",
            description = "Python interpreter with onnxruntime, onnx and numpy, e.g. .venv-quantize/bin/python"
                + " (env FACEMASK_QUANTIZE_PYTHON; default: ${DEFAULT-VALUE}).")
    String python;

    @Override
    public Integer call() throws Exception {
        Int8Quantizer.Result result = Int8Quantizer.quantize(QuantizationOptions.builder()
                .setModelDir(model != null ? model : FaceMaskCli.bundledModel()).setCalibration(calibration)
                .setOutDir(out).optImages(images).optSeed(seed).optPython(python).optActivations(activations).build());
        spec.commandLine().getOut().printf(Locale.ROOT,
                "wrote %s: int8 graph %.1f MB (float32 %.1f MB), calibrated on %d images (%d unreadable);"
                    + " same top class as float32 on %.2f %% of them%n",
                result.outDir(), result.int8Bytes() / 1e6, result.float32Bytes() / 1e6, result.calibrationImages(),
                result.unreadable(), 100 * result.agreement());
        return 0;
    }
}
