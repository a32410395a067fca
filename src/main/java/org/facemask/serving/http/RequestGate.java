package org.facemask.serving.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import org.facemask.serving.Admission;
import org.facemask.serving.ServingMetrics;

/**
 * What every request passes on its way in and out: a request id (the caller's, if short and
 * plain), and for prediction routes the API key and {@link Admission} at the door, before the
 * upload is read; on the way out the ticket is returned and the request is timed.
 */
final class RequestGate {

    /**
     * {@code PREDICTION} marks the routes that run a prediction: keyed, admitted and counted for the
     * graceful stop; {@code KEYED} the routes that only need the key (feedback, retained images).
     */
    enum Role implements RouteRole { PREDICTION, KEYED }

    private static final String START_NANOS = "facemask.start";
    private static final String REQUEST_ID = "facemask.requestId";
    private static final String TICKET = "facemask.ticket";

    private final String apiKey;
    private final Admission admission;
    private final ServingMetrics metrics;

    /**
     * @param apiKey the key prediction routes require, or null for none
     * @param admission how many prediction requests are served at once
     * @param metrics where requests are timed
     */
    RequestGate(String apiKey, Admission admission, ServingMetrics metrics) {
        this.apiKey = apiKey;
        this.admission = admission;
        this.metrics = metrics;
    }

    /** Returns the request's id. */
    static String requestId(Context ctx) {
        return ctx.attribute(REQUEST_ID);
    }

    /** Returns when the request arrived ({@link System#nanoTime()} clock). */
    static long startNanos(Context ctx) {
        return ctx.attribute(START_NANOS);
    }

    /** Every request: timed, given an id. */
    void identify(Context ctx) {
        ctx.attribute(START_NANOS, System.nanoTime());
        String id = ctx.header("X-Request-Id");
        String requestId = id != null && id.matches("[A-Za-z0-9._-]{1,64}") ? id : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, requestId);
        ctx.header("X-Request-Id", requestId);
    }

    /**
     * Keyed routes: the key; prediction routes: the key, then a place among those served (after a
     * bounded wait) or a refusal.
     */
    void admit(Context ctx) {
        boolean prediction = ctx.routeRoles().contains(Role.PREDICTION);
        if (!prediction && !ctx.routeRoles().contains(Role.KEYED)) {
            return;
        }
        if (apiKey != null && !keyMatches(apiKey, ctx.header("X-API-Key"))) {
            throw new ApiException(401, "unauthorized", "missing or wrong X-API-Key header");
        }
        if (prediction) {
            ctx.attribute(TICKET, admission.enter());
        }
    }

    /** Every request, whatever happened to it: the ticket back, the time recorded. */
    void leave(Context ctx) {
        Admission.Ticket ticket = ctx.attribute(TICKET);
        if (ticket != null) {
            ticket.close();
        }
        Long start = ctx.attribute(START_NANOS);
        String route = ctx.endpointHandlerPath();
        metrics.request(route == null || route.isEmpty() || ctx.status().getCode() == 404 ? "NOT_FOUND" : route,
                ctx.status().getCode(), start == null ? 0 : System.nanoTime() - start);
    }

    /** Returns whether {@code given} is the key, compared in constant time. */
    static boolean keyMatches(String apiKey, String given) {
        // Constant-time comparison: the answer time must not leak how much of the key matched.
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                apiKey.getBytes(StandardCharsets.UTF_8));
    }
}
