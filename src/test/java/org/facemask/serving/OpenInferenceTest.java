package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.facemask.Fixtures;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.Backend;
import org.facemask.model.ModelArtifact;
import org.facemask.model.ModelMetadata;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol (V2) routes on the real server with the bundled model, shape by shape. */
class OpenInferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODEL = Path.of("models/facemask-resnet18");

    private static ServerApp server;
    private static ModelMetadata meta;
    private static byte[] masked;
    private static byte[] unmasked;

    @BeforeAll
    static void start() throws Exception {
        server = ServerApp.start(ServerConfig.builder().setModelDir(MODEL).optHost("127.0.0.1").optPort(0)
                .optBackend(Backend.ONNX).build());
        meta = ModelArtifact.readMetadata(MODEL);
        masked = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        unmasked = Files.readAllBytes(Fixtures.FACES.resolve("without_mask/without_mask_00.jpg"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void health_and_server_metadata_follow_the_protocol() throws Exception {
        assertEquals(JSON.readTree("{\"live\":true}"), ok(get("/v2/health/live")));
        assertEquals(JSON.readTree("{\"ready\":true}"), ok(get("/v2/health/ready")));
        JsonNode server = ok(get("/v2"));
        assertEquals(List.of("extensions", "name", "version"), fields(server));
        assertEquals("facemask", server.get("name").asText());
        assertTrue(server.get("version").isTextual());
        assertTrue(server.get("extensions").isArray());
        assertEquals(JSON.readTree("{\"name\":\"" + meta.name() + "\",\"ready\":true}"),
                ok(get("/v2/models/" + meta.name() + "/ready")));
    }

    @Test
    void model_metadata_names_its_inputs_and_outputs() throws Exception {
        JsonNode model = ok(get("/v2/models/" + meta.name()));
        assertEquals(List.of("inputs", "name", "outputs", "platform", "versions"), fields(model));
        assertEquals(meta.name(), model.get("name").asText());
        assertEquals(meta.createdAt(), model.get("versions").get(0).asText());
        assertEquals("onnxruntime_onnx", model.get("platform").asText());
        int s = meta.inputSize();
        assertEquals(JSON.readTree("[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                + "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,3," + s + "," + s + "]}]"),
                model.get("inputs"));
        assertEquals(JSON.readTree("[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,"
                + meta.classes().size() + "]},{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]}]"),
                model.get("outputs"));
    }

    @Test
    void base64_images_are_answered_as_predict_answers_them() throws Exception {
        ObjectNode request = request("image", "BYTES", List.of(2),
                JSON.valueToTree(List.of(base64(masked), base64(unmasked))));
        request.put("id", "req-42");
        JsonNode answer = ok(infer(request));
        assertEquals(List.of("id", "model_name", "model_version", "outputs"), fields(answer));
        assertEquals(meta.name(), answer.get("model_name").asText());
        assertEquals(meta.createdAt(), answer.get("model_version").asText());
        assertEquals("req-42", answer.get("id").asText());
        JsonNode probabilities = answer.get("outputs").get(0);
        assertEquals(List.of("data", "datatype", "name", "shape"), fields(probabilities));
        assertEquals("probabilities", probabilities.get("name").asText());
        assertEquals("FP32", probabilities.get("datatype").asText());
        assertEquals(JSON.readTree("[2," + meta.classes().size() + "]"), probabilities.get("shape"));
        JsonNode labels = answer.get("outputs").get(1);
        assertEquals("label", labels.get("name").asText());
        assertEquals("BYTES", labels.get("datatype").asText());
        assertEquals(JSON.readTree("[2]"), labels.get("shape"));
        // Row i, in the model's class order, is what /v1/predict says of image i; /predict's mask too.
        byte[][] images = {masked, unmasked};
        for (int i = 0; i < 2; i++) {
            JsonNode v1 = JSON.readTree(TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/v1/predict"),
                    part("file", "face.jpg", images[i])).build()).body());
            JsonNode original = JSON.readTree(TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/predict"),
                    part("file", "face.jpg", images[i])).build()).body());
            for (int c = 0; c < meta.classes().size(); c++) {
                assertEquals(v1.get("probabilities").get(meta.classes().get(c)).asDouble(),
                        probabilities.get("data").get(i * meta.classes().size() + c).asDouble(), 1e-4);
            }
            assertEquals(original.get("mask").asDouble(), probabilities.get("data")
                    .get(i * meta.classes().size() + meta.classes().indexOf("mask")).asDouble(), 1e-4);
            assertEquals(v1.get("label").asText(), labels.get("data").get(i).asText());
        }
        assertEquals("mask", labels.get("data").get(0).asText());
        assertEquals("no_mask", labels.get("data").get(1).asText());
    }

    @Test
    void preprocessed_fp32_input_gives_what_the_image_gives() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(meta.inputSize(), meta.mean(), meta.std());
        float[] tensor = preprocessor.preprocess(new ImageDecoder(ServerConfig.DEFAULT_MAX_PIXELS)
                .decode(new java.io.ByteArrayInputStream(masked), preprocessor.decodeShortSide()).rgb());
        ArrayNode data = JSON.createArrayNode();
        for (float v : tensor) {
            data.add(v);
        }
        int s = meta.inputSize();
        ObjectNode request = request("input", "FP32", List.of(1, 3, s, s), data);
        request.set("outputs", JSON.readTree("[{\"name\":\"probabilities\"}]"));
        JsonNode answer = ok(infer(request));
        assertEquals(1, answer.get("outputs").size(), "only the output asked for");
        JsonNode fromTensor = answer.get("outputs").get(0).get("data");
        JsonNode fromImage = ok(infer(request("image", "BYTES", List.of(1), JSON.valueToTree(List.of(base64(masked))))))
                .get("outputs").get(0).get("data");
        assertEquals(meta.classes().size(), fromTensor.size());
        for (int c = 0; c < fromTensor.size(); c++) {
            assertEquals(fromImage.get(c).asDouble(), fromTensor.get(c).asDouble(), 1e-4);
        }
        // Nested data, as numpy's tolist() gives it, is the same tensor.
        ArrayNode nested = JSON.createArrayNode();
        ArrayNode image = nested.addArray();
        Iterator<JsonNode> values = data.iterator();
        for (int ch = 0; ch < 3; ch++) {
            ArrayNode channel = image.addArray();
            for (int y = 0; y < s; y++) {
                ArrayNode row = channel.addArray();
                for (int x = 0; x < s; x++) {
                    row.add(values.next());
                }
            }
        }
        request.set("inputs", JSON.createArrayNode().add(input("input", "FP32", List.of(1, 3, s, s), nested)));
        assertEquals(fromTensor, ok(infer(request)).get("outputs").get(0).get("data"));
        // Just the labels, when those are asked for.
        request.set("outputs", JSON.readTree("[{\"name\":\"label\"}]"));
        JsonNode label = ok(infer(request)).get("outputs");
        assertEquals(1, label.size());
        assertEquals("label", label.get(0).get("name").asText());
    }

    @Test
    void bad_requests_get_a_4xx_with_an_error() throws Exception {
        int s = meta.inputSize();
        ArrayNode image = JSON.valueToTree(List.of(base64(masked)));
        assertError(infer(request("image", "BYTES", List.of(1), JSON.valueToTree(List.of("***not base64***")))),
                400, "not base64");
        assertError(infer(request("image", "FP32", List.of(1), image)), 400, "datatype BYTES");
        assertError(infer(request("image", "BYTES", List.of(2), image)), 400, "array of 2 base64 strings");
        assertError(infer(request("picture", "BYTES", List.of(1), image)), 400, "unknown input \"picture\"");
        assertError(infer(request("input", "FP32", List.of(1, 3, s, s + 1), JSON.createArrayNode())), 400,
                "shape [N, 3, " + s + ", " + s + "]");
        assertError(infer(request("input", "FP32", List.of(1, 3, s, s), JSON.valueToTree(List.of(1.0, 2.0)))), 400,
                "holds 2 numbers");
        assertError(infer(request("input", "BYTES", List.of(1, 3, s, s), image)), 400, "datatype FP32");
        ObjectNode unknownOutput = request("image", "BYTES", List.of(1), image);
        unknownOutput.set("outputs", JSON.readTree("[{\"name\":\"logits\"}]"));
        assertError(infer(unknownOutput), 400, "unknown output \"logits\"");
        assertError(post("/v2/models/" + meta.name() + "/infer", "{not json"), 400, "not JSON");
        assertError(post("/v2/models/" + meta.name() + "/infer", "{\"inputs\": []}"), 400, "exactly one input");
        assertError(post("/v2/models/other/infer", JSON.writeValueAsString(request("image", "BYTES", List.of(1),
                image))), 404, "no model \"other\"");
        assertError(get("/v2/models/other"), 404, "no model \"other\"");
        assertError(get("/v2/models/other/ready"), 404, "no model \"other\"");
        // A bad image is the service's own error, in the protocol's shape.
        assertError(infer(request("image", "BYTES", List.of(1), JSON.valueToTree(List.of(base64(
                "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)))))), 415, "not an image");
    }

    private static ObjectNode request(String name, String datatype, List<Integer> shape, JsonNode data) {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("inputs").add(input(name, datatype, shape, data));
        return request;
    }

    private static ObjectNode input(String name, String datatype, List<Integer> shape, JsonNode data) {
        ObjectNode input = JSON.createObjectNode();
        input.put("name", name);
        input.put("datatype", datatype);
        input.set("shape", JSON.valueToTree(shape));
        input.set("data", data);
        return input;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static HttpResponse<String> infer(JsonNode request) throws Exception {
        return post("/v2/models/" + meta.name() + "/infer", JSON.writeValueAsString(request));
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, path)).GET().build());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** The protocol's error object: {"error": description}, with the service's code beside it. */
    private static void assertError(HttpResponse<String> response, int status, String says) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(List.of("code", "error"), fields(body));
        assertTrue(body.get("error").asText().contains(says), body.toString());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
