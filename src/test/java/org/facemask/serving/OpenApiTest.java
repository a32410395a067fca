package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.Test;

/** The published API description names every route the server has. */
class OpenApiTest {

    @Test
    void openapi_document_lists_every_served_route() throws IOException {
        try (InputStream in = ServerApp.class.getResourceAsStream("/web/openapi.json")) {
            JsonNode paths = new ObjectMapper().readTree(in).get("paths");
            for (String route : List.of("/predict", "/v1/predict", "/v1/predict/batch", "/health/live",
                    "/health/ready", "/metrics", "/v1/stats", "/v1/feedback", "/v1/review",
                    "/v1/images/{request_id}", "/v1/model", "/v2", "/v2/health/live", "/v2/health/ready",
                    "/v2/models/{name}", "/v2/models/{name}/ready", "/v2/models/{name}/infer")) {
                assertTrue(paths.has(route), "openapi.json lacks " + route);
            }
        }
    }
}
