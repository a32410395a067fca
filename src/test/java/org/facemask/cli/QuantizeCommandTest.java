package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.Prerequisites;
import org.facemask.image.ImageDecoder;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.model.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code facemask quantize} and the int8 model folder it writes, loaded by the other commands. */
class QuantizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WITH_MASK = Fixtures.FACES.resolve("with_mask/with_mask_00.jpg");

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void quantize_writes_an_int8_folder_that_predict_and_evaluate_run_on_onnx_runtime() throws Exception {
        String python = quantizePython();
        Path model = Fixtures.tinyModel();
        Path out = tmp.resolve("tiny-int8");
        assertEquals(0, FaceMaskCli.run("quantize", "--model", model.toString(), "--calibration",
                Fixtures.FACES.toString(), "--images", "24", "--out", out.toString(), "--python", python),
                console.err());
        assertTrue(console.out().contains("calibrated on 24 images"), console.out());

        JsonNode meta = JSON.readTree(out.resolve(ModelArtifact.METADATA_FILE).toFile());
        assertEquals("model-int8.onnx", meta.path("onnx_file").asText());
        assertTrue(meta.path("weights_file").isMissingNode(), "an int8 folder carries no float weights");
        assertEquals("QDQ", meta.path("quantization").path("format").asText());
        assertTrue(meta.path("quantization").path("nodes").path("QuantizeLinear").asInt() > 0, meta.toString());
        assertEquals(24, meta.path("quantization").path("calibration_images").asInt());
        assertEquals("uint8", meta.path("quantization").path("activations").asText());
        long float32 = OnnxExporter.export(model).length;
        long int8 = Files.size(out.resolve("model-int8.onnx"));
        assertTrue(int8 < float32 * 0.35, "int8 graph " + int8 + " bytes against float32 " + float32);

        // Without --backend the commands pick ONNX Runtime for it; DJL is refused with a reason.
        assertEquals(0, FaceMaskCli.run("predict", "--model", out.toString(), WITH_MASK.toString()), console.err());
        assertEquals(0, FaceMaskCli.run("evaluate", "--model", out.toString(), "--data", Fixtures.FACES.toString()),
                console.err());
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("predict", "--model", out.toString(), "--backend", "DJL",
                WITH_MASK.toString()));
        assertTrue(console.err().contains("DJL cannot run it"), console.err());

        // The int8 graph computes nearly what the float32 one computes, on every fixture.
        List<Path> images;
        try (Stream<Path> files = Files.walk(Fixtures.FACES)) {
            images = files.filter(Files::isRegularFile).sorted().toList();
        }
        ImageDecoder decoder = new ImageDecoder();
        double worst = 0;
        try (MaskClassifier reference = MaskClassifier.load(model, Backend.ONNX);
             MaskClassifier quantized = MaskClassifier.load(out, Backend.ONNX)) {
            for (Path image : images) {
                var rgb = decoder.decode(image).rgb();
                var expected = reference.predict(rgb).probabilities();
                var actual = quantized.predict(rgb).probabilities();
                for (var e : expected.entrySet()) {
                    worst = Math.max(worst, Math.abs(e.getValue() - actual.get(e.getKey())));
                }
            }
        }
        assertTrue(worst < 0.05, "largest probability difference int8 vs float32: " + worst);
    }

    @Test
    void quantize_without_the_python_tooling_fails_with_a_setup_hint() {
        int code = FaceMaskCli.run("quantize", "--model", Fixtures.FACE_CHECK.toString(), "--calibration",
                Fixtures.FACES.toString(), "--out", tmp.resolve("out").toString(), "--python",
                tmp.resolve("no-such-python").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(console.err().contains("make quantize-venv"), console.err());
    }

    @Test
    void quantize_refuses_an_output_folder_that_holds_files() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        int code = FaceMaskCli.run("quantize", "--model", Fixtures.FACE_CHECK.toString(), "--calibration",
                Fixtures.FACES.toString(), "--out", out.toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(console.err().contains("not empty"), console.err());
        assertFalse(Files.exists(out.resolve(ModelArtifact.METADATA_FILE)));
    }

    @Test
    void a_folder_carrying_an_onnx_graph_loads_without_weights() throws IOException {
        // Any ONNX graph of the right contract will do: the float32 export stands in for an int8 one.
        Path model = Fixtures.tinyModel();
        Path out = Files.createDirectories(tmp.resolve("graph-only"));
        OnnxExporter.export(model, out.resolve("model.onnx"));
        var meta = ModelArtifact.readMetadata(model);
        ModelArtifact.writeMetadata(out, meta.withOnnxGraph("graph-only", "model.onnx", null, meta.createdAt()));
        var written = ModelArtifact.readMetadata(out);
        assertNull(written.weightsFile());
        assertTrue(written.carriesOnnxGraph());
        assertEquals(0, FaceMaskCli.run("predict", "--model", out.toString(), WITH_MASK.toString()), console.err());
        Files.delete(out.resolve("model.onnx"));
        assertEquals(FaceMaskCli.EXIT_USAGE,
                FaceMaskCli.run("predict", "--model", out.toString(), WITH_MASK.toString()));
        assertTrue(console.err().contains("ONNX graph missing"), console.err());
    }

    /**
     * Returns a Python interpreter with ONNX Runtime's quantization tooling: FACEMASK_QUANTIZE_PYTHON,
     * else the {@code make quantize-venv} environment, else {@code python3}; skips the test (fails it
     * under CI) when none has it.
     */
    static String quantizePython() throws IOException, InterruptedException {
        String given = System.getenv("FACEMASK_QUANTIZE_PYTHON");
        Path venv = Path.of(".venv-quantize/bin/python");
        String python = given != null && !given.isBlank() ? given : Files.exists(venv) ? venv.toString() : "python3";
        boolean present;
        try {
            Process check = new ProcessBuilder(python, "-c", "import onnxruntime.quantization, onnx, numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            present = check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        Prerequisites.assumePresent(present, python + " lacks onnxruntime, onnx or numpy (make quantize-venv)");
        return python;
    }
}
