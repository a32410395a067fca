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
import org.facemask.model.ModelArtifact;
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
        assertEquals(MetricsCsv.HEADER.strip(), csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(ImageIO.read(out.resolve("training-curve.png").toFile()).getWidth() > 0);
        assertTrue(ImageIO.read(out.resolve("confusion.png").toFile()).getWidth() > 0);

        JsonNode meta = JSON.readTree(out.resolve("model.json").toFile());
        assertEquals(ModelArtifact.ARCHITECTURE, meta.get("architecture").asText());
        assertEquals("[\"mask\",\"no_mask\"]", meta.get("classes").toString());
        assertEquals(64, meta.get("input_size").asInt());
        assertEquals(0.485, meta.get("mean").get(0).asDouble(), 1e-6);
        assertEquals(2, meta.get("training").get("epochs").asInt());
        assertEquals(64, meta.get("dataset").get("train_fingerprint").asText().length());
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
            Block block = ModelArtifact.buildNetwork(1000);
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
