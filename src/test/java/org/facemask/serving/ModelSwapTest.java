package org.facemask.serving;

import static org.facemask.serving.PredictionLoad.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facemask.Fixtures;
import org.facemask.ModelCopies;
import org.facemask.model.Backend;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelRegistry;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on a model registry: versions promoted, rolled back or broken while requests keep coming. */
class ModelSwapTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "2026-01-01T00:00:00Z";
    private static final String SECOND = "2026-01-02T00:00:00Z";

    @TempDir
    Path tmp;

    private ModelRegistry registry;
    private ServerApp server;
    private PredictionLogReader log;
    private byte[] face;

    @BeforeEach
    void start() throws IOException {
        registry = new ModelRegistry(tmp.resolve("registry"));
        registry.promote(ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("first"), FIRST));
        String url = PredictionLogWriter.sqliteUrl(tmp.resolve("log"));
        server = ServerApp.start(ServerConfig.builder().setModelRegistry(registry.root()).optRegistryPollMillis(100)
                .optHost("127.0.0.1").optPort(0).optBackend(Backend.ONNX).optPredictionLogUrl(url).build());
        log = PredictionLogReader.openReadOnly(url);
        face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
    }

    @AfterEach
    void stop() {
        server.close();
        log.close();
    }

    @Test
    void a_version_promoted_under_load_is_swapped_in_without_a_failed_request() throws Exception {
        assertEquals("1", model().get("registry_version").asText());
        Map<String, String> versionByRequest = new HashMap<>();
        PredictionLoad load = new PredictionLoad(server, face);
        try {
            load.waitForMore(20, "requests before the promotion");
            assertEquals("2", registry.promote(ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("second"),
                    SECOND)));
            waitFor(() -> load.answeredBy(SECOND), "an answer from the new version");
            load.waitForMore(20, "requests after the swap");
        } finally {
            load.stop();
        }
        load.answers().forEach((id, a) -> versionByRequest.put(id, a.get("model").get("version").asText()));

        assertEquals(List.of(), load.failures(), "no request fails during the swap");
        assertTrue(versionByRequest.containsValue(FIRST) && versionByRequest.containsValue(SECOND),
                "answers from both versions");
        JsonNode model = model();
        assertEquals("2", model.get("registry_version").asText());
        assertEquals(SECOND, model.get("version").asText());
        assertEquals(ModelArtifact.readMetadata(Fixtures.tinyModel()).classes(),
                JSON.convertValue(model.get("classes"), List.class));
        assertTrue(metrics().contains("facemask_model_registry_version 2.0"), "the version gauge follows");
        // Each logged prediction names the version that made it, as its answer did.
        for (Map.Entry<String, String> answered : versionByRequest.entrySet()) {
            List<PredictionRecord> logged = log.byRequest(answered.getKey());
            assertEquals(1, logged.size(), answered.getKey());
            assertEquals(answered.getValue(), logged.get(0).modelVersion(), answered.getKey());
        }
    }

    @Test
    void a_corrupt_version_is_ignored_and_a_rollback_is_followed() throws Exception {
        registry.promote(ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("second"), SECOND));
        waitFor(() -> "2".equals(model().get("registry_version").asText()), "version 2 served");
        // A broken copy put in place behind the registry's back, as a failed copy to a shared volume leaves it.
        ModelCopies.truncated(Fixtures.tinyModel(), registry.versionDir("3"));
        Files.writeString(registry.root().resolve(ModelRegistry.CURRENT), "3\n");

        waitFor(() -> metrics().contains("facemask_model_swaps_total{outcome=\"failed\"} 1.0"),
                "the failed load counted");
        assertEquals("2", model().get("registry_version").asText(), "the old version keeps serving");
        assertEquals(200, predict().statusCode());

        registry.pointTo("1");
        waitFor(() -> "1".equals(model().get("registry_version").asText()), "the rollback followed");
        HttpResponse<String> answer = predict();
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(FIRST, JSON.readTree(answer.body()).get("model").get("version").asText());
    }

    private HttpResponse<String> predict() throws IOException, InterruptedException {
        return TestHttp.predict(server, face, null);
    }

    private JsonNode model() {
        try {
            HttpResponse<String> r = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/v1/model")).build());
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private String metrics() {
        try {
            return TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/metrics")).build()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
