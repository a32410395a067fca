package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.ImageShifts;
import org.facemask.dataset.DataSource;
import org.facemask.dataset.SceneHoldout;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.ModelArtifact;
import org.facemask.serving.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"split", "eda", "train", "evaluate", "predict", "crops", "export-onnx", "serve",
        "bench-train", "bench-infer", "profile", "drift", "evaluate-scenes", "evaluate-video", "quantize",
        "robustness"})
    void every_subcommand_has_help(String command) {
        assertEquals(0, FaceMaskCli.run(command, "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: facemask " + command));
        // picocli reads descriptions as format strings: a bare "%" garbles the help and warns.
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("WARN"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void serve_with_a_corrupt_prediction_log_fails_with_one_clear_line() throws IOException {
        Path var = Files.createDirectories(tmp.resolve("bad-var"));
        Files.writeString(var.resolve("predictions.db"), "not a database ".repeat(500));
        int code = FaceMaskCli.run("serve", "--model", Fixtures.tinyModel().toString(), "--host", "127.0.0.1",
                "--port", "0", "--data-dir", var.toString(), "--exit-when-ready");
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("error: cannot") && message.contains("prediction log"), message);
    }

    @Test
    void serve_exit_when_ready_starts_the_service_with_its_log_and_stops_cleanly() throws IOException {
        int code = FaceMaskCli.run("serve", "--model", Fixtures.tinyModel().toString(), "--host", "127.0.0.1",
                "--port", "0", "--data-dir", tmp.resolve("var").toString(), "--exit-when-ready");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("(?s)ready on port \\d+; stopped.*"));
        assertTrue(Files.exists(tmp.resolve("var/predictions.db")), "the prediction log was not created");
    }

    @Test
    void predict_prints_one_json_line_per_image_with_both_probabilities() throws IOException {
        Path model = Fixtures.tinyModel();
        int code = FaceMaskCli.run("predict", "--model", model.toString(),
                Fixtures.FACES.resolve("with_mask/with_mask_00.jpg").toString(),
                Fixtures.FACES.resolve("with_mask/webp_face.webp").toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size());
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertEquals(1.0, json.get("mask").asDouble() + json.get("no_mask").asDouble(), 1e-5);
            assertTrue(json.get("label").asText().matches("mask|no_mask"));
        }
    }

    @Test
    void predict_reports_an_unreadable_image_and_goes_on() throws IOException {
        Path junk = tmp.resolve("junk.jpg");
        Files.writeString(junk, "not a jpeg");
        int code = FaceMaskCli.run("predict", "--model", Fixtures.tinyModel().toString(), junk.toString(),
                Fixtures.FACES.resolve("with_mask/with_mask_00.jpg").toString());
        assertEquals(1, code);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(JSON.readTree(lines.get(0)).get("error").asText().contains("not an image"));
        assertTrue(JSON.readTree(lines.get(1)).has("mask"));
    }

    @Test
    void evaluate_reports_each_source_and_the_pool() throws IOException {
        Path json = tmp.resolve("sources.json");
        Path incorrect = Path.of("src/test/resources/fixtures/mask-incorrect");
        int code = FaceMaskCli.run("evaluate", "--data", "faces=" + Fixtures.FACES, "--data", "mfn=" + incorrect,
                "--model", "models/facemask-resnet18", "--json", json.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("worst source, mask-or-not"), text);
        assertTrue(text.contains("all sources pooled"), text);
        JsonNode result = JSON.readTree(json.toFile());
        long faces = Fixtures.fileCount(Fixtures.FACES.resolve("with_mask"))
                + Fixtures.fileCount(Fixtures.FACES.resolve("without_mask"));
        long mfn = Fixtures.fileCount(incorrect.resolve("incorrectly_masked"));
        assertEquals(faces, result.get("sources").get("faces").get("n").asLong());
        assertEquals(mfn, result.get("sources").get("mfn").get("n").asLong());
        assertEquals(faces + mfn, result.get("n").asLong());
        assertTrue(result.get("sources").get("mfn").get("recall").has("mask_incorrect"));
    }

    @Test
    void train_names_a_missing_or_unusable_source_and_exits_2() throws IOException {
        Path out1 = tmp.resolve("m");
        assertEquals(2, FaceMaskCli.run("train", "--data", "a=" + tmp.resolve("absent"), "--out", out1.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("source a: folder not found"),
                err.toString(StandardCharsets.UTF_8));
        Path empty = Files.createDirectories(tmp.resolve("empty/train/unrelated"));
        Files.writeString(empty.resolve("x.jpg"), "x");
        assertEquals(2, FaceMaskCli.run("train", "--data", "b=" + tmp.resolve("empty"), "--out", out1.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("source b: no class folders"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(2, FaceMaskCli.run("train", "--resume", out1.toString(), "--epochs", "3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("drop --epochs"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, FaceMaskCli.run("train", "--resume", out1.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no checkpoint to resume"),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out1.resolve("model.json")));
    }

    @Test
    void evaluate_writes_json_with_the_required_keys_and_lists_unreadable_files() throws IOException {
        Path data = tmp.resolve("eval");
        Fixtures.copyTree(Fixtures.FACES, data);
        Files.writeString(data.resolve("with_mask/broken.jpg"), "broken");
        // A byte-identical copy, as public datasets hold them: once more in n, not in n_distinct.
        Files.copy(data.resolve("without_mask/without_mask_00.jpg"), data.resolve("without_mask/copy.jpg"));
        Path json = tmp.resolve("eval.json");
        int code = FaceMaskCli.run("evaluate", "--data", data.toString(), "--model", Fixtures.tinyModel().toString(),
                "--json", json.toString(), "--confusion-png", tmp.resolve("c.png").toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonNode result = JSON.readTree(json.toFile());
        for (String key : List.of("accuracy", "n", "classes", "confusion", "per_class", "roc_auc", "ece")) {
            assertTrue(result.has(key), "missing " + key);
        }
        assertEquals(Fixtures.fileCount(data.resolve("with_mask")) + Fixtures.fileCount(data.resolve("without_mask")) - 1,
                result.get("n").asLong());
        assertEquals(1, result.get("unreadable").size());
        int n = result.get("n").asInt();
        assertEquals(n - 1, result.get("n_distinct").asInt());
        JsonNode errors = result.get("errors");
        assertEquals(n - Math.round(result.get("accuracy").asDouble() * n), errors.size());
        double previous = 1;
        for (JsonNode e : errors) {
            assertTrue(Files.exists(Path.of(e.get("file").asText())));
            assertNotEquals(e.get("truth").asText(), e.get("predicted").asText());
            assertTrue(e.get("confidence").asDouble() <= previous, "most confident first");
            previous = e.get("confidence").asDouble();
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("macro avg"));
        assertTrue(Files.size(tmp.resolve("c.png")) > 0);
    }

    @Test
    void missing_model_is_a_clear_error_not_a_stack_trace() {
        int code = FaceMaskCli.run("predict", "--model", tmp.resolve("absent").toString(),
                Fixtures.FACES.resolve("with_mask/with_mask_00.jpg").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("error: model folder not found"), message);
        assertTrue(!message.contains("\tat "), "stack trace printed: " + message);
    }

    @Test
    void split_refuses_to_overwrite_without_force() {
        String[] args = {"split", "--source", Fixtures.FACES.toString(), "--dest", tmp.resolve("d").toString()};
        assertEquals(0, FaceMaskCli.run(args));
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run(args));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--force"));
        String[] forced = {"split", "--source", Fixtures.FACES.toString(), "--dest", tmp.resolve("d").toString(),
            "--force"};
        assertEquals(0, FaceMaskCli.run(forced));
    }

    @Test
    void split_of_several_sources_writes_a_split_folder_each_and_a_manifest_train_reads() throws IOException {
        // Source "copies" holds byte-identical copies of every with_mask fixture.
        Path copies = tmp.resolve("copies");
        Fixtures.copyTree(Fixtures.FACES.resolve("with_mask"), copies.resolve("Mask"));
        Path dest = tmp.resolve("d");
        List<String> args = new ArrayList<>(List.of("split", "--source", "faces=" + Fixtures.FACES,
                "--source", copies + ":0.5", "--dest", dest.toString()));
        assertEquals(0, FaceMaskCli.run(args.toArray(String[]::new)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("near-duplicate groups span sources (kept on one side)"),
                out.toString(StandardCharsets.UTF_8));
        for (String side : List.of("train", "val")) {
            assertTrue(Files.isDirectory(dest.resolve("faces").resolve(side).resolve("no_mask")), side);
            assertTrue(Files.notExists(dest.resolve(side)), side);
            // A copy lies on the side of its original.
            try (var files = Files.list(dest.resolve("copies").resolve(side).resolve("mask"))) {
                for (Path copy : files.toList()) {
                    assertTrue(Files.exists(dest.resolve("faces").resolve(side).resolve("mask").resolve(copy.getFileName())),
                            copy + " has no original on its side");
                }
            }
        }
        List<DataSource> sources = DataSource.readManifest(dest.resolve("sources.json"));
        assertEquals(List.of("faces", "copies"), sources.stream().map(DataSource::name).toList());
        assertEquals(List.of(dest.resolve("faces").toAbsolutePath(), dest.resolve("copies").toAbsolutePath()),
                sources.stream().map(s -> s.dir().toAbsolutePath().normalize()).toList());
        assertEquals(List.of(1.0, 0.5), sources.stream().map(DataSource::weight).toList());
        assertEquals("faces", JSON.readTree(dest.resolve("sources.json").toFile()).at("/sources/0/path").asText());
        DataSource.checkAll(sources);

        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run(args.toArray(String[]::new)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--force"));
        args.add("--force");
        assertEquals(0, FaceMaskCli.run(args.toArray(String[]::new)));
    }

    @Test
    void split_of_one_source_keeps_the_plain_layout_and_writes_no_manifest() {
        Path dest = tmp.resolve("d");
        assertEquals(0, FaceMaskCli.run("split", "--source", "faces=" + Fixtures.FACES, "--dest", dest.toString()));
        assertTrue(Files.isDirectory(dest.resolve("train/mask")));
        assertTrue(Files.isDirectory(dest.resolve("val/no_mask")));
        assertTrue(Files.notExists(dest.resolve("faces")));
        assertTrue(Files.notExists(dest.resolve("sources.json")));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("span sources"));
    }

    @Test
    void split_names_the_source_that_is_missing_or_named_twice() throws IOException {
        Path twin = tmp.resolve("twin/faces");
        Fixtures.copyTree(Fixtures.FACES, twin);
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("split", "--source", Fixtures.FACES.toString(),
                "--source", twin.toString(), "--dest", tmp.resolve("d1").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("two --source values are named 'faces'"),
                err.toString(StandardCharsets.UTF_8));

        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("split", "--source", Fixtures.FACES.toString(),
                "--source", "gone=" + tmp.resolve("nothing"), "--dest", tmp.resolve("d2").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("error: source gone: dataset folder not found"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.notExists(tmp.resolve("d1")) && Files.notExists(tmp.resolve("d2")), "wrote output anyway");
    }

    @Test
    void crops_val_share_splits_the_training_photos_by_hash_band_and_keeps_each_photo_on_one_side() throws IOException {
        Path voc = tmp.resolve("voc");
        Files.createDirectories(voc.resolve("images"));
        Files.createDirectories(voc.resolve("annotations"));
        String xml = Files.readString(Fixtures.SCENES.resolve("annotations/maksssksksss0.xml"));
        List<String> photos = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String name = "p" + i + ".jpg";
            photos.add(name);
            Files.copy(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"), voc.resolve("images").resolve(name));
            Files.writeString(voc.resolve("annotations/p" + i + ".xml"),
                    xml.replace("maksssksksss0.jpg", name));
        }
        Path dest = tmp.resolve("crops");
        assertEquals(0, FaceMaskCli.run("crops", "--data", voc.toString(), "--dest", dest.toString(),
                "--holdout", "0.3", "--val-share", "0.3"));
        SceneHoldout heldOut = new SceneHoldout(0.3);
        SceneHoldout bandEnd = new SceneHoldout(0.6);
        for (String photo : photos) {
            String stem = photo.replace(".jpg", "_");
            boolean inVal = cropsOf(dest.resolve("val"), stem) > 0;
            boolean inTrain = cropsOf(dest.resolve("train"), stem) > 0;
            assertEquals(!heldOut.contains(photo) && bandEnd.contains(photo), inVal, photo);
            assertEquals(!bandEnd.contains(photo), inTrain, photo);
        }
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("crops", "--data", voc.toString(), "--dest",
                tmp.resolve("x").toString(), "--detected", "--face-check-set"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("choose one of --detected and --face-check-set"));
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("crops", "--data", voc.toString(), "--dest",
                tmp.resolve("y").toString(), "--detected", "--face-check", "bundled"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("crops cuts from unchecked detections"));
    }

    private static long cropsOf(Path side, String stem) throws IOException {
        if (!Files.isDirectory(side)) {
            return 0;
        }
        try (var files = Files.walk(side)) {
            return files.filter(f -> f.getFileName().toString().startsWith(stem)).count();
        }
    }

    @Test
    void evaluate_scenes_with_the_bundled_face_check_finds_the_three_faces() throws IOException {
        Path json = tmp.resolve("scenes.json");
        assertEquals(0, FaceMaskCli.run("evaluate-scenes", "--data", Fixtures.SCENES.toString(), "--backend", "ONNX",
                "--face-check", "bundled", "--json", json.toString()));
        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(3, result.get("faces").asInt());
        assertEquals(1.0, result.get("face_recall").asDouble());
        // The operating point allows about one per photo: here a blurred, unannotated head behind them.
        assertTrue(result.get("false_detections_per_image").asDouble() <= 1.0, result.toString());
        // A mask classifier is no face check: refused before any photo is read.
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("evaluate-scenes", "--data", Fixtures.SCENES.toString(),
                "--face-check", "models/facemask-resnet18"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("face vs not_face"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void train_without_a_split_folder_says_what_is_missing() {
        int code = FaceMaskCli.run("train", "--data", tmp.resolve("nothing").toString(), "--out",
                tmp.resolve("m").toString(), "--epochs", "1");
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("source nothing: folder not found"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void train_rejects_invalid_settings_before_doing_work() {
        int code = FaceMaskCli.run("train", "--data", tmp.toString(), "--out", tmp.resolve("m").toString(),
                "--freeze-backbone");
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--freeze-backbone needs --pretrained"));
    }

    @Test
    void evaluate_refuses_a_dataset_with_classes_the_model_lacks() throws IOException {
        Path data = tmp.resolve("three");
        Fixtures.copyTree(Fixtures.FACES.resolve("with_mask"), data.resolve("incorrectly_masked"));
        int code = FaceMaskCli.run("evaluate", "--data", data.toString(), "--model", Fixtures.tinyModel().toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'mask_incorrect' is not a class of model"));
    }

    @Test
    void split_of_a_folder_without_class_folders_names_what_it_found() throws IOException {
        Files.createDirectories(tmp.resolve("src/images"));
        int code = FaceMaskCli.run("split", "--source", tmp.resolve("src").toString(), "--dest",
                tmp.resolve("out").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("error: source src: no class folders"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("found images"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void predict_gives_the_same_probabilities_on_both_backends() throws IOException {
        String image = Fixtures.FACES.resolve("without_mask/without_mask_03.jpg").toString();
        String model = Fixtures.tinyModel().toString();
        assertEquals(0, FaceMaskCli.run("predict", "--model", model, "--backend", "djl", image));
        assertEquals(0, FaceMaskCli.run("predict", "--model", model, "--backend", "onnx", image));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(JSON.readTree(lines.get(0)).get("mask").asDouble(),
                JSON.readTree(lines.get(1)).get("mask").asDouble(), 1e-4);
    }

    @Test
    void predict_flip_average_prints_the_mean_over_the_image_and_its_mirror() throws IOException {
        // The bundled model: the tiny one is all but certain of every fixture, mirrored or not.
        Path model = Path.of("models/facemask-resnet18");
        // At the model's input size, lossless: the classifier mirrors exactly what the PNG holds.
        int size = ModelArtifact.readMetadata(model).inputSize();
        BufferedImage face = ImagePreprocessor.resize(
                new ImageDecoder().decode(Fixtures.FACES.resolve("with_mask/with_mask_15.jpg")).rgb(), size, size);
        Path image = tmp.resolve("face.png");
        Path mirror = tmp.resolve("mirror.png");
        ImageIO.write(face, "png", image.toFile());
        ImageIO.write(ImageShifts.mirror(face), "png", mirror.toFile());
        assertEquals(0, FaceMaskCli.run("predict", "--model", model.toString(), image.toString(), mirror.toString()));
        assertEquals(0, FaceMaskCli.run("predict", "--model", model.toString(), "--flip-average", image.toString()));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        double plain = lines.get(0).get("mask").asDouble();
        double mirrored = lines.get(1).get("mask").asDouble();
        assertNotEquals(plain, mirrored, 1e-4, "the mirror must change the answer for this test to tell");
        assertEquals((plain + mirrored) / 2, lines.get(2).get("mask").asDouble(), 1e-5);
    }

    @Test
    void evaluate_flip_average_changes_the_probabilities_scored() throws IOException {
        String model = "models/facemask-resnet18";
        Path plain = tmp.resolve("plain.json");
        Path flipped = tmp.resolve("flipped.json");
        assertEquals(0, FaceMaskCli.run("evaluate", "--data", Fixtures.FACES.toString(), "--model", model,
                "--json", plain.toString()));
        assertEquals(0, FaceMaskCli.run("evaluate", "--data", Fixtures.FACES.toString(), "--model", model,
                "--flip-average", "--json", flipped.toString()));
        // The calibration error moves with every probability.
        assertNotEquals(JSON.readTree(plain.toFile()).get("ece").asDouble(),
                JSON.readTree(flipped.toFile()).get("ece").asDouble());
    }

    @Test
    void serve_flip_average_flag_reaches_the_service_settings() {
        assertTrue(serveConfig("--flip-average").flipAveraging());
        assertFalse(serveConfig("--flip-average=false").flipAveraging());
        if (System.getenv("FACEMASK_FLIP_AVERAGE") == null) {
            assertFalse(serveConfig().flipAveraging(), "flip averaging is off by default");
        }
    }

    /** Returns the service settings {@code serve ARGS} would start with. */
    private static ServerConfig serveConfig(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.config();
    }

    @Test
    void evaluate_output_is_complete_when_the_command_returns() throws IOException {
        // print() without a later println once left the report in picocli's buffer, lost at exit.
        int code = FaceMaskCli.run("evaluate", "--data", Fixtures.FACES.toString(), "--model",
                Fixtures.tinyModel().toString());
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ROC-AUC"), out.toString(StandardCharsets.UTF_8));
    }
}
