package org.facemask.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.facemask.model.Prediction;
import org.facemask.serving.ClassificationService;
import org.facemask.serving.LiveModel;
import org.facemask.serving.ServiceException;

/**
 * The Open Inference Protocol (KServe's V2) REST routes, beside the service's own API: health,
 * server and model metadata, and inference on the live model, named by its {@code model.json}
 * name. Inputs: {@code image} ({@code BYTES [N]}, each a base64-encoded image file, decoded and
 * preprocessed as {@code /predict} does it) or {@code input} ({@code FP32 [N, 3, S, S]}, already
 * preprocessed). Outputs: {@code probabilities} ({@code FP32 [N, C]}, the model's class order) and
 * {@code label} ({@code BYTES [N]}). Both inputs go through the service's batcher, admission and
 * metrics like {@code /predict}; errors are {@code {"error": ...}} (see {@link HttpErrors}).
 */
final class OpenInference {

    static final String IMAGE = "image";
    static final String INPUT = "input";
    static final String PROBABILITIES = "probabilities";
    static final String LABEL = "label";
    private static final Set<String> OUTPUTS = Set.of(PROBABILITIES, LABEL);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_NAME = "facemask";

    /** {@code GET /v2}. */
    record ServerMetadata(String name, String version, List<String> extensions) {}

    /** A tensor's name, element type and shape (-1: any size). */
    record TensorMetadata(String name, String datatype, List<Integer> shape) {}

    /** {@code GET /v2/models/{name}}. */
    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs) {}

    /** {@code GET /v2/models/{name}/ready}. */
    record ModelReady(String name, boolean ready) {}

    /** One output tensor of an answer; {@code data} is flat, row-major. */
    record ResponseOutput(String name, String datatype, List<Integer> shape, List<?> data) {}

    /** {@code POST /v2/models/{name}/infer}'s answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferenceResponse(@JsonProperty("model_name") String modelName,
                             @JsonProperty("model_version") String modelVersion, String id,
                             List<ResponseOutput> outputs) {}

    private final Supplier<ClassificationService> service;
    private final BooleanSupplier ready;
    private final BooleanSupplier live;
    private final String platform;
    private final long maxImageBytes;
    private final int maxImages;

    /**
     * @param service the service, or null while the model is still loading
     * @param live whether the server can answer (false once inference or the log died)
     * @param ready whether it takes predictions now (loaded, not stopping, not failed)
     * @param backend the inference backend's name: ONNX or DJL
     * @param maxImageBytes the upload limit, for each decoded image
     * @param maxImages the most images one request may carry
     */
    OpenInference(Supplier<ClassificationService> service, BooleanSupplier live, BooleanSupplier ready, String backend,
            long maxImageBytes, int maxImages) {
        this.service = service;
        this.live = live;
        this.ready = ready;
        // The platform names Triton and KServe use for these runtimes.
        this.platform = backend.equals("ONNX") ? "onnxruntime_onnx" : "pytorch_libtorch";
        this.maxImageBytes = maxImageBytes;
        this.maxImages = maxImages;
    }

    /** {@code GET /v2/health/live}. */
    void live(Context ctx) {
        boolean up = live.getAsBoolean();
        ctx.status(up ? 200 : 503).json(Map.of("live", up));
    }

    /** {@code GET /v2/health/ready}. */
    void ready(Context ctx) {
        boolean up = ready.getAsBoolean();
        ctx.status(up ? 200 : 503).json(Map.of("ready", up));
    }

    /** {@code GET /v2}. */
    void server(Context ctx) {
        String version = OpenInference.class.getPackage().getImplementationVersion();
        ctx.json(new ServerMetadata(SERVER_NAME, version != null ? version : "dev", List.of()));
    }

    /** {@code GET /v2/models/{name}}. */
    void model(Context ctx) {
        LiveModel.Info info = named(ctx);
        int size = info.metadata().inputSize();
        int classes = info.metadata().classes().size();
        ctx.json(new ModelMetadata(info.metadata().name(), List.of(info.version()), platform,
                List.of(new TensorMetadata(IMAGE, "BYTES", List.of(-1)),
                        new TensorMetadata(INPUT, "FP32", List.of(-1, 3, size, size))),
                List.of(new TensorMetadata(PROBABILITIES, "FP32", List.of(-1, classes)),
                        new TensorMetadata(LABEL, "BYTES", List.of(-1)))));
    }

    /** {@code GET /v2/models/{name}/ready}. */
    void modelReady(Context ctx) {
        LiveModel.Info info = named(ctx);
        boolean up = ready.getAsBoolean();
        ctx.status(up ? 200 : 503).json(new ModelReady(info.metadata().name(), up));
    }

    /** {@code POST /v2/models/{name}/infer}. */
    void infer(Context ctx) {
        ClassificationService loaded = loaded();
        LiveModel.Info named = named(ctx);
        JsonNode request = body(ctx);
        JsonNode id = request.get("id");
        if (id != null && !id.isTextual()) {
            throw invalid("\"id\" must be a string");
        }
        Set<String> wanted = requestedOutputs(request.get("outputs"));
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw invalid("\"inputs\" must hold exactly one input: \"" + IMAGE + "\" (BYTES [N], base64 image files)"
                    + " or \"" + INPUT + "\" (FP32 [N, 3, S, S], preprocessed)");
        }
        JsonNode input = inputs.get(0);
        String name = text(input, "name");
        List<Prediction> predictions;
        LiveModel.Info answered;
        if (name.equals(IMAGE)) {
            List<byte[]> images = images(input);
            predictions = new ArrayList<>(images.size());
            answered = named;
            for (byte[] image : images) {
                ClassificationService.Classified c = loaded.classify(image, new ClassificationService.RequestInfo(
                        ctx.endpointHandlerPath(), RequestGate.requestId(ctx), RequestGate.startNanos(ctx)), false);
                predictions.add(c.prediction());
                answered = c.model();
            }
        } else if (name.equals(INPUT)) {
            int size = named.metadata().inputSize();
            int n = batchSize(input, "FP32", List.of(3, size, size));
            ClassificationService.TensorPredictions answer = loaded.classifyPreprocessed(floats(input, n * 3 * size
                    * size), n);
            predictions = answer.predictions();
            answered = answer.model();
        } else {
            throw invalid("unknown input \"" + name + "\"; this model takes \"" + IMAGE + "\" or \"" + INPUT + "\"");
        }
        ctx.json(new InferenceResponse(answered.metadata().name(), answered.version(),
                id != null ? id.asText() : RequestGate.requestId(ctx), outputs(predictions, answered, wanted)));
    }

    private static List<ResponseOutput> outputs(List<Prediction> predictions, LiveModel.Info model,
            Set<String> wanted) {
        List<String> classes = model.metadata().classes();
        List<ResponseOutput> outputs = new ArrayList<>();
        for (String output : wanted) {
            if (output.equals(PROBABILITIES)) {
                List<Float> data = new ArrayList<>(predictions.size() * classes.size());
                predictions.forEach(p -> classes.forEach(c -> data.add(p.probabilities().get(c))));
                outputs.add(new ResponseOutput(PROBABILITIES, "FP32", List.of(predictions.size(), classes.size()),
                        data));
            } else {
                outputs.add(new ResponseOutput(LABEL, "BYTES", List.of(predictions.size()),
                        predictions.stream().map(Prediction::label).toList()));
            }
        }
        return outputs;
    }

    /** Returns the outputs asked for, in the order asked; both when none are. */
    private static Set<String> requestedOutputs(JsonNode outputs) {
        Set<String> wanted = new LinkedHashSet<>();
        if (outputs == null || outputs.isNull()) {
            wanted.add(PROBABILITIES);
            wanted.add(LABEL);
            return wanted;
        }
        if (!outputs.isArray() || outputs.isEmpty()) {
            throw invalid("\"outputs\" must be a non-empty array of {\"name\": ...}");
        }
        for (JsonNode output : outputs) {
            String name = text(output, "name");
            if (!OUTPUTS.contains(name)) {
                throw invalid("unknown output \"" + name + "\"; this model gives \"" + PROBABILITIES + "\" and \""
                        + LABEL + "\"");
            }
            wanted.add(name);
        }
        return wanted;
    }

    /** Checks a {@code BYTES [N]} input and returns its images, base64-decoded. */
    private List<byte[]> images(JsonNode input) {
        int n = batchSize(input, "BYTES", List.of());
        JsonNode data = input.get("data");
        if (data == null || !data.isArray() || data.size() != n) {
            throw invalid("\"" + IMAGE + "\" data must be an array of " + n + " base64 strings, as its shape says");
        }
        List<byte[]> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode element = data.get(i);
            if (!element.isTextual()) {
                throw invalid("\"" + IMAGE + "\" element " + i + " is not a string of base64");
            }
            // Decoded size: three bytes for every four characters, at most.
            if (element.asText().length() / 4L * 3 > maxImageBytes) {
                throw new ApiException(413, "payload_too_large", "\"" + IMAGE + "\" element " + i
                        + " is over the limit of " + maxImageBytes + " bytes");
            }
            try {
                images.add(Base64.getMimeDecoder().decode(element.asText()));
            } catch (IllegalArgumentException e) {
                throw invalid("\"" + IMAGE + "\" element " + i + " is not base64: " + e.getMessage());
            }
        }
        return images;
    }

    /**
     * Checks an input's datatype and shape, {@code [N, rest...]}, and returns N.
     */
    private int batchSize(JsonNode input, String datatype, List<Integer> rest) {
        String name = input.get("name").asText();
        String type = text(input, "datatype");
        if (!type.equals(datatype)) {
            throw invalid("input \"" + name + "\" must have datatype " + datatype + ", not " + type);
        }
        JsonNode shape = input.get("shape");
        List<Integer> expected = new ArrayList<>(List.of(-1));
        expected.addAll(rest);
        String wanted = expected.toString().replace("-1", "N");
        if (shape == null || !shape.isArray() || shape.size() != expected.size()) {
            throw invalid("input \"" + name + "\" must have shape " + wanted + ", got " + shape);
        }
        for (int i = 0; i < shape.size(); i++) {
            if (!shape.get(i).canConvertToInt() || !shape.get(i).isIntegralNumber()
                    || (i > 0 && shape.get(i).asInt() != expected.get(i))) {
                throw invalid("input \"" + name + "\" must have shape " + wanted + ", got " + shape);
            }
        }
        int n = shape.get(0).asInt();
        if (n < 1 || n > maxImages) {
            throw invalid("input \"" + name + "\" must hold 1 to " + maxImages + " images, got " + n);
        }
        return n;
    }

    /** Returns an FP32 input's data, flat or nested, as {@code count} floats. */
    private static float[] floats(JsonNode input, int count) {
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw invalid("input \"" + INPUT + "\" needs \"data\": an array of " + count + " numbers");
        }
        float[] values = new float[count];
        int filled = flatten(data, values, 0);
        if (filled != count) {
            throw invalid("input \"" + INPUT + "\" data holds " + filled + " numbers; its shape needs " + count);
        }
        return values;
    }

    private static int flatten(JsonNode array, float[] into, int at) {
        int i = at;
        for (JsonNode element : array) {
            if (element.isArray()) {
                i = flatten(element, into, i);
            } else if (element.isNumber()) {
                if (i < into.length) {
                    into[i] = element.floatValue();
                }
                i++;
            } else {
                throw invalid("input \"" + INPUT + "\" data must be numbers, found " + element);
            }
        }
        return i;
    }

    private static JsonNode body(Context ctx) {
        JsonNode request;
        try {
            request = JSON.readTree(ctx.bodyInputStream());
        } catch (JsonProcessingException e) {
            throw invalid("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("the body could not be read: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw invalid("the body must be an inference request object: {\"inputs\": [...]}");
        }
        return request;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid("\"" + field + "\" must be a string in " + node);
        }
        return value.asText();
    }

    /** Returns the live model's description when the path names it; 404 otherwise. */
    private LiveModel.Info named(Context ctx) {
        LiveModel.Info info = loaded().models().info();
        String name = ctx.pathParam("name");
        if (!name.equals(info.metadata().name())) {
            throw new ApiException(404, "model_not_found", "no model \"" + name + "\"; this server serves \""
                    + info.metadata().name() + "\"");
        }
        return info;
    }

    private ClassificationService loaded() {
        ClassificationService loaded = service.get();
        if (loaded == null) {
            throw new ServiceException(ServiceException.Reason.NOT_READY, "the model is still loading; retry shortly");
        }
        return loaded;
    }

    private static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message);
    }
}
