package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.facemask.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path model;

    @BeforeEach
    void copyTinyModel() throws IOException {
        model = tmp.resolve("model");
        Fixtures.copyTree(Fixtures.tinyModel(), model);
    }

    @Test
    void loads_a_valid_artifact_with_its_metadata() {
        try (MaskClassifier classifier = MaskClassifier.load(model)) {
            assertEquals(List.of("mask", "no_mask"), classifier.classes());
            assertEquals(64, classifier.metadata().inputSize());
            assertEquals("F16", classifier.metadata().weightsDtype());
            assertTrue(classifier.metadata().dataset().containsKey("train_fingerprints"));
            assertTrue(classifier.metadata().metrics().containsKey("accuracy"));
        }
    }

    @Test
    void refuses_a_missing_folder() {
        assertMessage(tmp.resolve("nope"), "model folder not found");
    }

    @Test
    void refuses_a_folder_without_model_json() throws IOException {
        Files.delete(model.resolve("model.json"));
        assertMessage(model, "model.json is missing");
    }

    @Test
    void refuses_corrupt_model_json() throws IOException {
        Files.writeString(model.resolve("model.json"), "{\"format_version\": 1, \"classes\": [");
        assertMessage(model, "corrupt");
    }

    @Test
    void refuses_an_unknown_format_version() throws IOException {
        edit(json -> json.put("format_version", 99));
        assertMessage(model, "format_version 99 is not supported");
    }

    @Test
    void refuses_an_unknown_architecture() throws IOException {
        edit(json -> json.put("architecture", "vit-b16"));
        assertMessage(model, "architecture 'vit-b16' is not supported");
    }

    @Test
    void refuses_missing_weights() throws IOException {
        Files.delete(model.resolve("weights.safetensors"));
        assertMessage(model, "weights file missing");
    }

    @Test
    void refuses_truncated_weights() throws IOException {
        Path weights = model.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
        assertMessage(model, "truncated");
    }

    @Test
    void refuses_weights_for_another_class_count() throws IOException {
        edit(json -> json.putArray("classes").add("mask").add("no_mask").add("mask_incorrect"));
        assertMessage(model, "fc.weight has shape [2, 512], expected [3, 512]");
    }

    private void edit(java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(model.resolve("model.json").toFile());
        change.accept(json);
        JSON.writeValue(model.resolve("model.json").toFile(), json);
    }

    private static void assertMessage(Path dir, String expected) {
        var e = assertThrows(ModelArtifactException.class, () -> MaskClassifier.load(dir).close());
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
