package org.facemask.serving.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facemask.monitoring.ClassShareBucket;
import org.facemask.monitoring.Instants;
import org.facemask.monitoring.PredictionLogReader;

/**
 * {@code GET /v1/stats?from=&to=&bucket=minute|hour|day}: predictions per class per time bucket
 * from the prediction log, with shares and mean confidence, for compliance charts.
 */
final class StatsHandler {

    // Bounds the work and the answer: a year of hours, or a week of minutes.
    private static final long MAX_BUCKETS = 10_080;

    private final PredictionLogReader log;

    /** @param log the prediction log, or null when the service logs nothing */
    StatsHandler(PredictionLogReader log) {
        this.log = log;
    }

    /**
     * The default end of a window: the next millisecond. The log stores whole milliseconds and a
     * window's end is exclusive, so a record written in this very millisecond is still counted.
     */
    static Instant endOfNow() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }

    void handle(Context ctx) {
        if (log == null) {
            throw new ApiException(409, "prediction_log_disabled",
                    "this service does not log predictions; start it with a prediction log to get statistics");
        }
        Duration bucket = bucket(ctx.queryParam("bucket"));
        Instant to = instant("to", ctx.queryParam("to"), endOfNow());
        Instant from = instant("from", ctx.queryParam("from"), to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw new ApiException(400, "bad_range", "'from' must be before 'to'");
        }
        if (Duration.between(from, to).toMillis() / bucket.toMillis() > MAX_BUCKETS) {
            throw new ApiException(400, "too_many_buckets", "at most " + MAX_BUCKETS + " buckets; use a larger bucket"
                    + " or a shorter range");
        }
        List<Map<String, Object>> buckets = new ArrayList<>();
        long total = 0;
        for (ClassShareBucket b : log.classShare(from, to, bucket)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", b.start().toString());
            row.put("total", b.total());
            row.put("counts", b.counts());
            row.put("shares", b.shares());
            row.put("mean_confidence", b.meanConfidence());
            // People by face detection (/v1/ uploads); null compliance when none ran in the bucket.
            row.put("people", b.people());
            row.put("compliance", b.people() == 0 ? null : b.compliance());
            buckets.add(row);
            total += b.total();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("bucket", ctx.queryParam("bucket") == null ? "hour"
                : ctx.queryParam("bucket").toLowerCase(Locale.ROOT));
        body.put("total", total);
        body.put("buckets", buckets);
        ctx.json(body);
    }

    private static Duration bucket(String name) {
        if (name == null) {
            return Duration.ofHours(1);
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            default -> throw new ApiException(400, "bad_bucket", "bucket must be minute, hour or day");
        };
    }

    /** Parses a time parameter: 400 `bad_time` when it is neither an ISO-8601 instant nor epoch ms. */
    static Instant instant(String param, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instants.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad_time", "'" + param + "': " + e.getMessage());
        }
    }
}
