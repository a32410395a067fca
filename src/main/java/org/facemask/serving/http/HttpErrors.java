package org.facemask.serving.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.facemask.monitoring.PredictionLogException;
import org.facemask.serving.ServiceException;
import org.facemask.serving.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"error": code, "message": ...}} with
 * a status, counted by code, and {@code Retry-After} on every 503. Under {@code /v2} (the Open
 * Inference Protocol) the body is the protocol's {@code {"error": message}}, with the code beside it.
 */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    private static final String ANSWERED = "facemask.answered";

    /** An HTTP status and the stable machine-readable code that goes with it. */
    record Status(int code, String error) {}

    private final ServingMetrics metrics;

    HttpErrors(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    /** Returns the answer for a service failure. */
    static Status of(ServiceException e) {
        return switch (e.reason()) {
            case EMPTY_IMAGE -> new Status(400, "empty_file");
            case UNSUPPORTED_IMAGE -> new Status(415, "unsupported_media_type");
            case IMAGE_TOO_LARGE -> new Status(413, "image_too_large");
            case CORRUPT_IMAGE -> new Status(422, "corrupt_image");
            case INVALID_INPUT -> new Status(400, "invalid_input");
            case OVERLOADED -> new Status(503, "overloaded");
            case NOT_READY -> new Status(503, "not_ready");
            case STOPPING -> new Status(503, "shutting_down");
            case TIMEOUT -> new Status(503, "timeout");
            case FAILED -> new Status(503, "unavailable");
            case LOG_UNAVAILABLE -> new Status(503, "prediction_log_unavailable");
        };
    }

    /** Maps every exception a handler can throw, and unmatched routes and methods. */
    void register(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> {
            ctx.attribute(ANSWERED, true);
            write(ctx, new Status(e.status(), e.code()), e.getMessage());
        });
        app.exception(ServiceException.class, (e, ctx) -> write(ctx, of(e), e.getMessage()));
        app.exception(PredictionLogException.class, (e, ctx) -> {
            LOG.warn("prediction log unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            write(ctx, new Status(503, "prediction_log_unavailable"),
                    "the prediction log cannot be read right now; retry");
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, new Status(500, "internal_error"), "unexpected server error; the request id is "
                    + RequestGate.requestId(ctx));
        });
        app.error(404, ctx -> {
            // A route's own 404 (an unknown request id) already has its answer.
            if (ctx.attribute(ANSWERED) == null) {
                write(ctx, new Status(404, "not_found"), "no route " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> write(ctx, new Status(405, "method_not_allowed"),
                "method " + ctx.method() + " not allowed here"));
    }

    /** Counts an error answer. */
    void count(Status status) {
        metrics.error(status.error());
    }

    /** Answers with an error and counts it. */
    void write(Context ctx, Status status, String message) {
        count(status);
        if (status.code() == 503) {
            ctx.header("Retry-After", "1");
        }
        if (ctx.path().equals("/v2") || ctx.path().startsWith("/v2/")) {
            // The Open Inference Protocol's error object: "error" is the description; the code follows.
            ctx.status(status.code()).json(new ApiResponses.OpenInferenceError(message, status.error()));
        } else {
            ctx.status(status.code()).json(new ApiResponses.ErrorBody(status.error(), message));
        }
    }
}
