package org.facemask.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.dataset.DataSource;
import org.facemask.model.ModelArtifact;
import org.facemask.model.NetworkArtifact;
import org.facemask.model.SafeTensors;
import org.facemask.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void training_run_writes_a_complete_artifact_and_history() throws IOException {
        Path out = tmp.resolve("model");
        TrainingResult result = train(Fixtures.splitOfFixtures(tmp), out, 2, null, false);

        assertEquals(2, result.history().size());
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertTrue(csv.get(0).startsWith(MetricsCsv.HEADER.strip()), csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(ImageIO.read(out.resolve("training-curve.png").toFile()).getWidth() > 0);
        assertTrue(ImageIO.read(out.resolve("confusion.png").toFile()).getWidth() > 0);

        JsonNode meta = JSON.readTree(out.resolve("model.json").toFile());
        assertEquals(ModelArtifact.ARCHITECTURE, meta.get("architecture").asText());
        assertEquals("[\"mask\",\"no_mask\"]", meta.get("classes").toString());
        assertEquals(64, meta.get("input_size").asInt());
        assertEquals(0.485, meta.get("mean").get(0).asDouble(), 1e-6);
        assertEquals(2, meta.get("training").get("epochs").asInt());
        assertEquals(64, meta.get("dataset").get("train_fingerprints").get(0).asText().length());
        assertTrue(meta.get("created_at").asText().endsWith("Z"));

        JsonNode validation = JSON.readTree(out.resolve("validation.json").toFile());
        for (String key : List.of("accuracy", "n", "classes", "confusion", "per_class", "roc_auc", "ece")) {
            assertTrue(validation.has(key), "validation.json lacks " + key);
        }
        assertEquals(validation.get("accuracy").asDouble(), meta.get("metrics").get("accuracy").asDouble(), 1e-12);
    }

    @Test
    void same_seed_gives_the_same_weights() throws IOException {
        Path split = Fixtures.splitOfFixtures(tmp);
        train(split, tmp.resolve("a"), 1, null, false);
        train(split, tmp.resolve("b"), 1, null, false);
        Map<String, SafeTensors.Tensor> a = SafeTensors.read(tmp.resolve("a/weights.safetensors"));
        Map<String, SafeTensors.Tensor> b = SafeTensors.read(tmp.resolve("b/weights.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertEquals(a.get(name).data(), b.get(name).data(), name + " differs between equal-seed runs");
        }
    }

    @Test
    void starts_from_torchvision_safetensors_and_freezes_the_backbone() throws IOException {
        Path pretrained = tmp.resolve("resnet18-imagenet.safetensors");
        Map<String, SafeTensors.Tensor> imagenet = writeTorchvisionStyleWeights(pretrained);
        Path out = tmp.resolve("finetuned");
        train(Fixtures.splitOfFixtures(tmp), out, 1, pretrained, true);

        Map<String, SafeTensors.Tensor> trained = SafeTensors.read(out.resolve("weights.safetensors"));
        assertArrayEquals(new long[] {2, 512}, trained.get("fc.weight").shape());
        float[] before = floats(imagenet.get("layer3.1.conv2.weight"));
        float[] after = halfToFloats(trained.get("layer3.1.conv2.weight"));
        for (int i = 0; i < before.length; i += 97) {
            assertEquals(before[i], after[i], Math.abs(before[i]) * 1e-3 + 1e-4, "frozen weight changed at " + i);
        }
    }

    @Test
    void rejects_pretrained_weights_with_wrong_names() throws IOException {
        Path bogus = tmp.resolve("bogus.safetensors");
        ByteBuffer data = ByteBuffer.allocateDirect(16).order(ByteOrder.LITTLE_ENDIAN);
        SafeTensors.write(bogus, Map.of("encoder.weight", new SafeTensors.Tensor("F32", new long[] {4}, data)));
        var e = assertThrows(RuntimeException.class,
                () -> train(Fixtures.splitOfFixtures(tmp), tmp.resolve("x"), 1, bogus, false));
        assertTrue(e.getMessage().contains("missing tensor conv1.weight"), e.getMessage());
    }

    @Test
    void a_run_resumed_after_a_crash_ends_bit_identical_to_a_straight_run() throws IOException {
        Path split = Fixtures.splitOfFixtures(tmp);
        TrainingResult straight = new ModelTrainer(options(split, tmp.resolve("straight"), 2), List.of()).train();

        Path out = tmp.resolve("resumed");
        TrainingListener crashAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochStats stats, boolean best) {
                throw new IllegalStateException("machine restarted");
            }
        };
        assertThrows(IllegalStateException.class,
                () -> new ModelTrainer(options(split, out, 2), List.of(crashAfterFirstEpoch)).train());
        assertTrue(Files.isRegularFile(out.resolve("checkpoint/state.json")));
        TrainingResult resumed = ModelTrainer.resuming(out, total -> List.of()).train();

        assertEquals(straight.history(), resumed.history().stream()
                .map(s -> new EpochStats(s.epoch(), s.learningRate(), s.trainLoss(), s.trainAccuracy(), s.valLoss(),
                        s.valAccuracy(), straight.history().get(s.epoch() - 1).seconds(),
                        straight.history().get(s.epoch() - 1).imagesPerSecond(), s.sources()))
                .toList(), "losses and accuracies of every epoch");
        Map<String, SafeTensors.Tensor> a = SafeTensors.read(tmp.resolve("straight/weights.safetensors"));
        Map<String, SafeTensors.Tensor> b = SafeTensors.read(out.resolve("weights.safetensors"));
        for (String name : a.keySet()) {
            assertEquals(a.get(name).data(), b.get(name).data(), name + " differs after resuming");
        }
        Map<String, SafeTensors.Tensor> lastA =
                SafeTensors.read(tmp.resolve("straight/checkpoint/weights.safetensors"));
        Map<String, SafeTensors.Tensor> lastB = SafeTensors.read(out.resolve("checkpoint/weights.safetensors"));
        for (String name : lastA.keySet()) {
            assertEquals(lastA.get(name).data(), lastB.get(name).data(), name + " (F32, last epoch) differs");
        }
    }

    @Test
    void a_corrupt_or_finished_checkpoint_is_refused_with_a_message() throws IOException {
        Path split = Fixtures.splitOfFixtures(tmp);
        Path out = tmp.resolve("done");
        new ModelTrainer(options(split, out, 1), List.of()).train();
        var finished = assertThrows(IOException.class, () -> ModelTrainer.resuming(out, total -> List.of()));
        assertTrue(finished.getMessage().contains("already finished"), finished.getMessage());

        Files.writeString(out.resolve("checkpoint/state.json"), "{\"epoch\": 1, \"histo");
        var corrupt = assertThrows(IOException.class, () -> ModelTrainer.resuming(out, total -> List.of()));
        assertTrue(corrupt.getMessage().startsWith("corrupt checkpoint"), corrupt.getMessage());

        var missing = assertThrows(IOException.class, () -> ModelTrainer.resuming(tmp.resolve("nowhere"),
                total -> List.of()));
        assertTrue(missing.getMessage().startsWith("no checkpoint to resume"), missing.getMessage());
    }

    @Test
    void several_sources_are_trained_together_validated_one_by_one_and_distilled() throws IOException {
        Path split = Fixtures.splitOfFixtures(tmp);
        // A second source with the third class, validation only for part of it.
        Path incorrect = tmp.resolve("mfn");
        Fixtures.copyTree(Path.of("src/test/resources/fixtures/mask-incorrect/incorrectly_masked"),
                incorrect.resolve("train/mask_incorrect"));
        Fixtures.copyTree(Path.of("src/test/resources/fixtures/mask-incorrect/incorrectly_masked"),
                incorrect.resolve("val/mask_incorrect"));
        Path out = tmp.resolve("multi");
        TrainingOptions options = TrainingOptions.builder()
                .setSources(List.of(DataSource.parse("faces=" + split), DataSource.parse("mfn=" + incorrect + ":2")))
                .setOutDir(out).optEpochs(1).optImageSize(64).optBatchSize(8).optSeed(3)
                .optTeacher(Fixtures.tinyModel(), 1f).build();
        TrainingResult result = new ModelTrainer(options, List.of()).train();

        List<SourceScore> scores = result.history().get(0).sources();
        assertEquals(List.of("faces", "mfn"), scores.stream().map(SourceScore::source).toList());
        assertEquals(result.history().get(0).worstSource(),
                Math.min(scores.get(0).maskOrNot(), scores.get(1).maskOrNot()), 1e-12);
        JsonNode meta = JSON.readTree(out.resolve("model.json").toFile());
        assertEquals("[\"mask\",\"mask_incorrect\",\"no_mask\"]", meta.get("classes").toString());
        int faces = (int) (Fixtures.fileCount(split.resolve("train/with_mask"))
                + Fixtures.fileCount(split.resolve("train/without_mask")));
        int mfn = (int) Fixtures.fileCount(incorrect.resolve("train/mask_incorrect"));
        assertEquals(faces + 2 * mfn, meta.get("dataset").get("train_images_per_epoch").asInt());
        JsonNode perSource = JSON.readTree(out.resolve("validation.json").toFile()).get("sources");
        assertEquals(mfn, perSource.get("mfn").get("n").asInt());
        assertTrue(perSource.get("faces").has("mask_or_not_accuracy"));
        assertEquals(perSource.get("mfn").get("mask_or_not_accuracy").asDouble(),
                meta.get("metrics").get("sources").get("mfn").get("mask_or_not_accuracy").asDouble(), 1e-12);
        String header = Files.readAllLines(out.resolve("metrics.csv")).get(0);
        assertTrue(header.endsWith(",val_acc_faces,val_mask_or_not_faces,val_acc_mfn,val_mask_or_not_mfn"), header);
        assertTrue(Files.readString(out.resolve("validation.txt")).contains("worst source, mask-or-not"));
        assertEquals(Fixtures.tinyModel().toAbsolutePath().normalize().toString(),
                meta.get("training").get("teacher").asText(), "distilled from the two-class model");
    }

    private static TrainingOptions options(Path split, Path out, int epochs) {
        return TrainingOptions.builder().setDataDir(split).setOutDir(out).optEpochs(epochs)
                .optImageSize(64).optBatchSize(8).optSeed(5).build();
    }

    private static TrainingResult train(Path split, Path out, int epochs, Path pretrained, boolean freeze)
            throws IOException {
        return new ModelTrainer(TrainingOptions.builder().setDataDir(split).setOutDir(out).optEpochs(epochs)
                .optImageSize(64).optBatchSize(8).optSeed(11).optPretrained(pretrained).optFreezeBackbone(freeze)
                .build(), List.of()).train();
    }

    /** Writes random ResNet18 weights the way torchvision names them, 1000-class head and all. */
    private static Map<String, SafeTensors.Tensor> writeTorchvisionStyleWeights(Path file) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = NetworkArtifact.buildNetwork(1000);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            tensors.putAll(Weights.export(block, "F32"));
        }
        // torchvision state dicts also carry batch counters; loading must ignore them.
        ByteBuffer counter = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100);
        tensors.put("bn1.num_batches_tracked", new SafeTensors.Tensor("I64", new long[0], counter));
        SafeTensors.write(file, tensors);
        return tensors;
    }

    private static float[] floats(SafeTensors.Tensor t) {
        FloatBuffer buffer = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static float[] halfToFloats(SafeTensors.Tensor t) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return manager.create(t.data().duplicate().order(ByteOrder.nativeOrder()), new Shape(t.shape()),
                    DataType.FLOAT16).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}
