package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.facemask.Fixtures;
import org.facemask.cli.FaceMaskCli;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.LabeledImage;
import org.facemask.model.Backend;
import org.facemask.model.ModelRegistry;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on small data, through the commands an operator runs: predictions on the
 * service, corrections as feedback, the export, a one-epoch retrain at 64 px, the gate, the
 * promotion, and the running service answering with the new version while requests keep coming.
 * (A rejected candidate leaving {@code current} untouched: RetrainCommandTest.)
 */
class FeedbackLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void corrected_mistakes_retrain_a_candidate_the_gate_accepts_and_the_service_swaps_in_unnoticed()
            throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        registry.promote(Fixtures.tinyModel());
        String log = PredictionLogWriter.sqliteUrl(tmp.resolve("log"));
        Path retained = tmp.resolve("retained");
        try (ServerApp server = ServerApp.start(ServerConfig.builder().setModelRegistry(registry.root())
                .optRegistryPollMillis(100).optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX)
                .optPredictionLogUrl(log).optRetainImagesDir(retained).build())) {
            // The operator labels what the model got wrong: on those, the base is right on none.
            int corrected = 0;
            int i = 0;
            for (LabeledImage image : ClassFolders.scan(Fixtures.FACES).images()) {
                String id = "loop-" + i++;
                JsonNode answer = JSON.readTree(TestHttp.predict(server, Files.readAllBytes(image.path()), id).body());
                assertEquals("1", answer.get("model").get("registry_version").asText());
                if (!answer.get("label").asText().equals(image.label())) {
                    HttpResponse<String> given = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server,
                            "/v1/feedback")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                    JSON.createObjectNode().put("request_id", id).put("label", image.label()))))
                            .build());
                    assertEquals(201, given.statusCode(), given.body());
                    corrected++;
                }
            }
            assertTrue(corrected >= 4, "the tiny base model gets enough fixtures wrong to learn from: " + corrected);

            Path dataset = tmp.resolve("feedback");
            assertEquals(0, FaceMaskCli.run("feedback", "export", "--db", log, "--images", retained.toString(),
                    "--dest", dataset.toString()));
            assertEquals(corrected, ClassFolders.scan(dataset).images().size(), "every correction exported");

            Path candidate = tmp.resolve("candidate");
            Path base = registry.versionDir(registry.current().orElseThrow());
            assertEquals(0, FaceMaskCli.run("retrain", "--base", base.toString(), "--data",
                    Fixtures.splitOfFixtures(tmp).toString(), "--feedback", dataset.toString(), "--gate",
                    "faces=" + Fixtures.FACES, "--out", candidate.toString(), "--epochs", "1", "--batch-size", "8",
                    "--seed", "7"), "the gate accepts the candidate");
            JsonNode gate = JSON.readTree(candidate.resolve(ModelRegistry.GATE_FILE).toFile());
            assertEquals("accepted", gate.get("decision").asText());
            assertEquals(0.0, gate.get("feedback").get("base_accuracy").asDouble(), "the base was wrong on all");

            List<String> failures = promoteUnderLoad(server, registry, candidate);

            assertEquals(List.of(), failures, "no request fails during the swap");
            assertEquals(Optional.of("2"), registry.current());
            JsonNode answer = JSON.readTree(TestHttp.predict(server, Files.readAllBytes(
                    ClassFolders.scan(Fixtures.FACES).images().get(0).path()), "after").body());
            assertEquals("2", answer.get("model").get("registry_version").asText());
        }
    }

    /** Promotes the candidate while four clients keep predicting; returns the failed answers. */
    private static List<String> promoteUnderLoad(ServerApp server, ModelRegistry registry, Path candidate)
            throws Exception {
        byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        PredictionLoad load = new PredictionLoad(server, face);
        try {
            load.waitForMore(20, "requests before the promotion");
            assertEquals(0, FaceMaskCli.run("promote", candidate.toString(), "--registry", registry.root().toString()));
            PredictionLoad.waitFor(() -> load.answers().values().stream()
                    .anyMatch(a -> "2".equals(a.get("model").get("registry_version").asText())),
                    "an answer from the promoted version");
            load.waitForMore(20, "requests after the swap");
        } finally {
            load.stop();
        }
        return load.failures();
    }

}
