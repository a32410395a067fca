package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.LabeledImage;
import org.facemask.image.ImageDecoder;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RetrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void a_rejected_candidate_exits_4_is_kept_marked_and_leaves_current_untouched() throws Exception {
        Path base = Fixtures.tinyModel();
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        registry.promote(base);
        // Feedback the base already answers right: a candidate cannot do better on it, so the gate must reject.
        Path feedback = answeredRightBy(base, tmp.resolve("feedback"));
        Path candidate = tmp.resolve("candidate");

        int code = FaceMaskCli.run("retrain", "--base", base.toString(), "--data",
                Fixtures.splitOfFixtures(tmp).toString(), "--feedback", feedback.toString(), "--gate",
                "faces=" + Fixtures.FACES, "--out", candidate.toString(), "--epochs", "1", "--batch-size", "8");

        assertEquals(RetrainCommand.EXIT_REJECTED, code, console.err());
        assertTrue(console.out().contains("rejected by the gate"), console.out());
        JsonNode gate = JSON.readTree(candidate.resolve(ModelRegistry.GATE_FILE).toFile());
        assertEquals("rejected", gate.get("decision").asText());
        assertEquals(1.0, gate.get("feedback").get("base_accuracy").asDouble());
        assertEquals("faces", gate.get("gates").get(0).get("name").asText());
        assertEquals(ClassFolders.scan(Fixtures.FACES).images().size(), gate.get("gates").get(0).get("n").asInt());
        assertTrue(Files.readString(candidate.resolve("gate.html")).contains("Candidate rejected"));
        assertEquals(ModelArtifact.readMetadata(base).name(), ModelArtifact.readMetadata(candidate).name(),
                "the candidate keeps the base's name");
        assertEquals(64, ModelArtifact.readMetadata(candidate).inputSize(), "the base's input size by default");

        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("promote", candidate.toString(), "--registry",
                registry.root().toString()));
        assertEquals(Optional.of("1"), registry.current());
        assertEquals(List.of("1"), registry.versions());
    }

    @Test
    void retrain_needs_data_or_feedback_and_a_gate() {
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("retrain", "--base", "m", "--gate", "g", "--out",
                tmp.resolve("c").toString()));
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("retrain", "--base", "m", "--feedback", "f", "--out",
                tmp.resolve("c").toString()));
    }

    /** Copies the fixture faces the model classifies correctly into class folders named by their label. */
    private static Path answeredRightBy(Path model, Path out) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        try (MaskClassifier classifier = MaskClassifier.load(model, Backend.ONNX)) {
            for (LabeledImage image : ClassFolders.scan(Fixtures.FACES).images()) {
                if (classifier.predict(decoder.decode(image.path()).rgb()).label().equals(image.label())) {
                    Path dir = Files.createDirectories(out.resolve(image.label()));
                    Files.copy(image.path(), dir.resolve(image.path().getFileName().toString()));
                }
            }
        }
        try (Stream<Path> classes = Files.list(out)) {
            assertTrue(classes.findAny().isPresent(), "the base gets some fixture right");
        }
        return out;
    }
}
