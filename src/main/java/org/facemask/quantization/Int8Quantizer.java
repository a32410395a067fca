package org.facemask.quantization;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.LabeledImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelMetadata;
import org.facemask.model.OnnxExporter;

/**
 * Post-training static int8 quantization of a model folder: the float32 graph
 * ({@link OnnxExporter}) goes through ONNX Runtime's {@code quantize_static} (QDQ format, uint8 or
 * int8 activations, per-channel int8 weights, MinMax calibration), which only exists in Python; this
 * class prepares its inputs, runs {@code quantize_int8.py} in the given interpreter and writes a
 * model folder that carries the int8 graph. Calibration images are decoded and preprocessed as the
 * service does it ({@link ImageDecoder} with the model's decode size, {@link ImagePreprocessor}).
 */
public final class Int8Quantizer {

    /** File name of the int8 graph inside the written folder. */
    public static final String GRAPH_FILE = "model-int8.onnx";
    /** The Python script, a resource of this package, run by the interpreter. */
    static final String SCRIPT = "quantize_int8.py";
    /** The drift reference copied from the source folder, when it has one. */
    private static final String REFERENCE_FILE = "reference.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PYTHON_TIMEOUT_MINUTES = 30;

    private Int8Quantizer() {}

    /**
     * What {@link #quantize} did.
     *
     * @param outDir the folder written
     * @param calibrationImages images the quantizer calibrated on
     * @param unreadable calibration images skipped because they did not decode
     * @param float32Bytes size of the float32 graph
     * @param int8Bytes size of the int8 graph
     * @param agreement share of calibration images whose top class is the same on both graphs
     */
    public record Result(Path outDir, int calibrationImages, int unreadable, long float32Bytes, long int8Bytes,
            double agreement) {}

    /**
     * Quantizes a model folder.
     *
     * @param options what to quantize and how
     * @return what was done
     * @throws IOException if a folder cannot be read or written, the calibration data has no image,
     *     or the Python side is missing or fails (the message says how to set it up)
     */
    public static Result quantize(QuantizationOptions options) throws IOException {
        ModelMetadata meta = ModelArtifact.readMetadata(options.modelDir());
        if (meta.carriesOnnxGraph()) {
            throw new IllegalArgumentException(options.modelDir() + " already carries an ONNX graph ("
                    + meta.onnxFile() + "); quantize the float32 model folder it was made from");
        }
        Path out = options.outDir();
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new IllegalArgumentException("output folder " + out + " exists and is not empty");
        }
        List<Path> chosen = calibrationImages(options);
        Path work = Files.createTempDirectory("facemask-quantize");
        try {
            Path float32 = work.resolve("float32.onnx");
            OnnxExporter.export(options.modelDir(), float32);
            ImagePreprocessor preprocessor = new ImagePreprocessor(meta.inputSize(), meta.mean(), meta.std());
            List<float[]> tensors = new ArrayList<>();
            int unreadable = preprocess(chosen, preprocessor, tensors);
            if (tensors.isEmpty()) {
                throw new IOException("none of the " + chosen.size() + " calibration images could be decoded");
            }
            Path calibration = work.resolve("calibration.npy");
            writeNpy(calibration, tensors, meta.inputSize());
            Files.createDirectories(out);
            Path graph = out.resolve(GRAPH_FILE);
            Map<String, Object> how = runPython(options, work, float32, calibration, graph);
            double agreement = writeMetadata(options, meta, graph, how, tensors);
            Path reference = options.modelDir().resolve(REFERENCE_FILE);
            if (Files.isRegularFile(reference)) {
                Files.copy(reference, out.resolve(REFERENCE_FILE));
            }
            return new Result(out, tensors.size(), unreadable, Files.size(float32), Files.size(graph), agreement);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Draws the calibration images: each dataset's images shuffled by the seed, then taken in turn
     * from each dataset, so that every source is represented however large the others are.
     */
    static List<Path> calibrationImages(QuantizationOptions options) throws IOException {
        List<List<Path>> perSource = new ArrayList<>();
        Random random = new Random(options.seed());
        for (Path dataset : options.calibration()) {
            Path root = Files.isDirectory(dataset.resolve("train")) ? dataset.resolve("train") : dataset;
            List<Path> files = new ArrayList<>(
                    ClassFolders.scan(root).images().stream().map(LabeledImage::path).toList());
            Collections.shuffle(files, random);
            perSource.add(files);
        }
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; chosen.size() < options.images(); i++) {
            boolean any = false;
            for (List<Path> files : perSource) {
                if (i < files.size() && chosen.size() < options.images()) {
                    chosen.add(files.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return chosen;
    }

    private static int preprocess(List<Path> files, ImagePreprocessor preprocessor, List<float[]> into)
            throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        int unreadable = 0;
        for (Path file : files) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                into.add(preprocessor.preprocess(decoder.decode(bytes, preprocessor.decodeShortSide()).rgb()));
            } catch (ImageDecodingException e) {
                unreadable++;
            }
        }
        return unreadable;
    }

    private static void writeNpy(Path file, List<float[]> tensors, int size) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            Npy.header(out, tensors.size(), 3, size, size);
            for (float[] t : tensors) {
                Npy.values(out, t);
            }
        }
    }

    /** Runs the Python script; returns the description it prints, or fails with its error output. */
    private static Map<String, Object> runPython(QuantizationOptions options, Path work, Path float32,
            Path calibration, Path graph) throws IOException {
        String python = options.python();
        Path script = work.resolve(SCRIPT);
        try (InputStream in = Int8Quantizer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the build");
            }
            Files.copy(in, script);
        }
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        Process process;
        try {
            process = new ProcessBuilder(python, script.toString(), float32.toString(), calibration.toString(),
                    graph.toString(), options.activations().name().toLowerCase(Locale.ROOT))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + python + " (" + e.getMessage() + "). " + setupHint(), e);
        }
        try {
            if (!process.waitFor(PYTHON_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("the quantizer did not finish in " + PYTHON_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while quantizing", e);
        }
        String errors = Files.readString(stderr, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            String hint = errors.contains("ModuleNotFoundError") ? " " + setupHint() : "";
            throw new IOException("the quantizer (" + python + ") failed with exit code " + process.exitValue()
                    + ": " + lastLines(errors, 6) + hint);
        }
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !Files.isRegularFile(graph)) {
            throw new IOException("the quantizer wrote no graph: " + lastLines(errors, 6));
        }
        return JSON.readValue(lines.get(lines.size() - 1), new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    /**
     * Writes the new folder's {@code model.json} (last, so that a folder with {@code model.json} is
     * complete), with how the graph was made and how often its top class agrees with the float32
     * graph's on the calibration images; returns that share.
     */
    private static double writeMetadata(QuantizationOptions options, ModelMetadata meta, Path graph,
            Map<String, Object> how, List<float[]> tensors) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>(how);
        record.put("source_model", Map.of("name", String.valueOf(meta.name()),
                "created_at", String.valueOf(meta.createdAt())));
        record.put("calibration_sources", options.calibration().stream().map(Path::toString).toList());
        record.put("calibration_seed", options.seed());
        Path out = options.outDir();
        String name = out.toAbsolutePath().normalize().getFileName().toString();
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String graphFile = graph.getFileName().toString();
        // Loading the int8 graph as a model folder needs its model.json: written once without the
        // agreement, then again with it.
        ModelArtifact.writeMetadata(out, meta.withOnnxGraph(name, graphFile, record, created));
        double agreement = agreement(options.modelDir(), out, tensors, meta.inputSize());
        record.put("calibration_agreement", agreement);
        ModelArtifact.writeMetadata(out, meta.withOnnxGraph(name, graphFile, record, created));
        return agreement;
    }

    /** Returns the share of the images whose top class is the same on both models. */
    private static double agreement(Path float32Dir, Path int8Dir, List<float[]> tensors, int size) {
        int plane = 3 * size * size;
        int batch = 32;
        int same = 0;
        try (MaskClassifier float32 = MaskClassifier.load(float32Dir, Backend.ONNX);
             MaskClassifier int8 = MaskClassifier.load(int8Dir, Backend.ONNX)) {
            for (int from = 0; from < tensors.size(); from += batch) {
                int n = Math.min(batch, tensors.size() - from);
                float[] input = new float[n * plane];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(tensors.get(from + i), 0, input, i * plane, plane);
                }
                float[][] a = float32.logits(input, n);
                float[][] b = int8.logits(input, n);
                for (int i = 0; i < n; i++) {
                    same += argmax(a[i]) == argmax(b[i]) ? 1 : 0;
                }
            }
        }
        return (double) same / tensors.size();
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String setupHint() {
        return "The quantizer needs Python 3 with onnxruntime, onnx and numpy: `make quantize-venv` creates"
                + " .venv-quantize; then pass --python .venv-quantize/bin/python";
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
