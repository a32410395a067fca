package org.facemask.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facemask.dataset.ClassNames;
import org.facemask.monitoring.Feedback;
import org.facemask.monitoring.LoggedFace;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;
import org.facemask.serving.ImageRetention;
import org.facemask.serving.ServingMetrics;

/**
 * Labels for logged predictions: {@code POST /v1/feedback} and {@code GET /v1/feedback}; and for
 * the review page, {@code GET /v1/review} (the least confident recent predictions still without a
 * label) with {@code GET /v1/images/{request_id}} (the retained upload).
 */
final class FeedbackHandlers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LABELS = List.of(ClassNames.MASK, ClassNames.NO_MASK, ClassNames.MASK_INCORRECT);
    // Bounds an answer of GET /v1/feedback.
    private static final int MAX_FEEDBACK = 10_000;
    // Recent predictions the review ranks by confidence, and the most items it answers with.
    private static final int REVIEW_SCAN = 500;
    private static final int MAX_REVIEW = 100;
    private static final Map<String, String> CONTENT_TYPES = Map.of("jpeg", "image/jpeg", "png", "image/png",
            "webp", "image/webp", "gif", "image/gif", "bmp", "image/bmp", "tiff", "image/tiff");

    /** A stored label, as answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(@JsonProperty("request_id") String requestId, Integer face, String label, String time) {

        static Stored of(Feedback f) {
            return new Stored(f.requestId(), f.face(), f.label(), f.time().toString());
        }
    }

    /** One prediction waiting for a label on the review page. */
    record ReviewItem(@JsonProperty("request_id") String requestId, Integer face, String time, String label,
                      double confidence, @JsonProperty("image_url") String imageUrl,
                      @JsonInclude(JsonInclude.Include.NON_NULL) ApiResponses.Box box) {}

    private final PredictionLogWriter log;
    private final PredictionLogReader reader;
    private final ImageRetention retention;
    private final ServingMetrics metrics;

    /**
     * @param log the prediction log, or null when the service logs nothing
     * @param retention the retained uploads, or null when none are kept
     * @param metrics where labels are counted
     */
    FeedbackHandlers(PredictionLogWriter log, ImageRetention retention, ServingMetrics metrics) {
        this.log = log;
        this.reader = log == null ? null : log.reader();
        this.retention = retention;
        this.metrics = metrics;
    }

    /** {@code POST /v1/feedback}: {"request_id": ..., "label": ..., "face": optional index}; 201 with the record. */
    void give(Context ctx) {
        requireLog();
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "bad_json", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "bad_json", "send a JSON object: {\"request_id\": ..., \"label\": ...}");
        }
        JsonNode id = body.get("request_id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new ApiException(400, "bad_feedback", "'request_id' is required: the request id of the answer");
        }
        JsonNode label = body.get("label");
        if (label == null || !label.isTextual() || !LABELS.contains(label.asText())) {
            throw new ApiException(400, "bad_label", "'label' must be one of " + String.join(", ", LABELS));
        }
        JsonNode face = body.get("face");
        if (face != null && !face.isNull() && !face.canConvertToExactIntegral()) {
            throw new ApiException(400, "bad_face", "'face' must be a face's index in the answer's 'faces'");
        }
        Integer faceIndex = face == null || face.isNull() ? null : face.asInt();
        PredictionRecord prediction = prediction(id.asText());
        if (faceIndex != null) {
            int found = prediction.people() == null ? 0 : prediction.people().faces();
            if (faceIndex < 0 || faceIndex >= found) {
                throw new ApiException(400, "bad_face", "request " + id.asText() + " found " + found
                        + (found == 1 ? " face" : " faces") + "; 'face' " + faceIndex + " is out of range");
            }
        }
        Feedback feedback = new Feedback(id.asText(), faceIndex, label.asText(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        log.putFeedback(feedback);
        metrics.feedback(feedback.label());
        ctx.status(201).json(Stored.of(feedback));
    }

    /** {@code GET /v1/feedback?from=&to=}: the labels given in a window, oldest first. */
    void list(Context ctx) {
        requireLog();
        Instant to = StatsHandler.instant("to", ctx.queryParam("to"), StatsHandler.endOfNow());
        Instant from = StatsHandler.instant("from", ctx.queryParam("from"), to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw new ApiException(400, "bad_range", "'from' must be before 'to'");
        }
        List<Stored> stored = reader.feedback(from, to, MAX_FEEDBACK).stream().map(Stored::of).toList();
        ctx.json(Map.of("from", from.toString(), "to", to.toString(), "feedback", stored));
    }

    /** {@code GET /v1/review?limit=}: the least confident recent predictions with a retained upload and no label. */
    void review(Context ctx) {
        requireLog();
        requireRetention();
        int limit = limit(ctx.queryParam("limit"));
        List<PredictionRecord> recent = reader.recentSingleImages(REVIEW_SCAN);
        Set<String> labelled = new HashSet<>();
        if (!recent.isEmpty()) {
            Instant oldest = recent.get(recent.size() - 1).time();
            reader.feedback(oldest, Instant.now().plusSeconds(1), Integer.MAX_VALUE)
                    .forEach(f -> labelled.add(f.requestId() + "/" + f.face()));
        }
        Set<String> seen = new HashSet<>();
        List<ReviewItem> items = new ArrayList<>();
        for (PredictionRecord r : recent) {
            // A reused request id: only its newest prediction is the one a label would name.
            if (!seen.add(r.requestId()) || retention.images().find(r.requestId()).isEmpty()) {
                continue;
            }
            String url = "/v1/images/" + r.requestId();
            if (r.faces() == null || r.faces().isEmpty()) {
                if (!labelled.contains(r.requestId() + "/null")) {
                    items.add(new ReviewItem(r.requestId(), null, r.time().toString(), r.label(), r.confidence(), url,
                            null));
                }
                continue;
            }
            for (int i = 0; i < r.faces().size(); i++) {
                LoggedFace f = r.faces().get(i);
                if (!labelled.contains(r.requestId() + "/" + i)) {
                    items.add(new ReviewItem(r.requestId(), i, r.time().toString(), f.label(), f.confidence(), url,
                            new ApiResponses.Box((int) Math.floor(f.x1()), (int) Math.floor(f.y1()),
                                    (int) Math.ceil(f.x2()), (int) Math.ceil(f.y2()))));
                }
            }
        }
        items.sort(Comparator.comparingDouble(ReviewItem::confidence));
        ctx.json(Map.of("items", items.subList(0, Math.min(limit, items.size()))));
    }

    /** {@code GET /v1/images/{request_id}}: a retained upload as it came. */
    void image(Context ctx) throws IOException {
        requireRetention();
        String id = ctx.pathParam("request_id");
        Path file = retention.images().find(id).orElseThrow(() -> new ApiException(404, "image_not_found",
                "no retained upload for request " + id + " (never kept, or older than the retention period)"));
        String format = reader == null ? null
                : reader.byRequest(id).stream().reduce((a, b) -> b).map(r -> r.image().format()).orElse(null);
        ctx.header("Cache-Control", "private, no-store");
        ctx.contentType(CONTENT_TYPES.getOrDefault(format, "application/octet-stream"))
                .result(Files.readAllBytes(file));
    }

    private PredictionRecord prediction(String requestId) {
        List<PredictionRecord> records = reader.byRequest(requestId);
        if (records.isEmpty()) {
            throw new ApiException(404, "unknown_request", "no logged prediction has request id " + requestId);
        }
        PredictionRecord newest = records.get(records.size() - 1);
        if (PredictionLogReader.BATCH_ENDPOINT.equals(newest.endpoint())) {
            throw new ApiException(400, "batch_request", "request " + requestId + " was a batch, whose files share"
                    + " its id; send an image to /v1/predict to label it");
        }
        return newest;
    }

    private void requireLog() {
        if (log == null) {
            throw new ApiException(409, "prediction_log_disabled",
                    "this service does not log predictions; start it with a prediction log to take feedback");
        }
    }

    private void requireRetention() {
        if (retention == null) {
            throw new ApiException(409, "image_retention_disabled",
                    "this service keeps no uploads; start it with --retain-images DIR to review them");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_REVIEW) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the answer below says what is accepted
        }
        throw new ApiException(400, "bad_limit", "'limit' must be a whole number from 1 to " + MAX_REVIEW);
    }
}
