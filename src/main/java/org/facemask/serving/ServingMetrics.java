package org.facemask.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The service's Prometheus metrics. Labels take bounded values only (route templates, status
 * codes, class names, error codes), never raw paths or user input.
 */
public final class ServingMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary batchSize;

    public ServingMetrics() {
        batchSize = DistributionSummary.builder("facemask.inference.batch.size")
                .description("Images per inference batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32)
                .register(registry);
    }

    /** Records one finished HTTP request. */
    public void request(String route, int status, long nanos) {
        Timer.builder("facemask.http.requests")
                .description("HTTP requests by route template and status")
                .tags("route", route, "status", String.valueOf(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** Records one prediction: its class and confidence. */
    void prediction(String label, float confidence) {
        Counter.builder("facemask.predictions").description("Predictions by class").tag("class", label)
                .register(registry).increment();
        DistributionSummary.builder("facemask.prediction.confidence")
                .description("Probability of the predicted class")
                .tag("class", label)
                .serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
                .register(registry)
                .record(confidence);
    }

    /** Records one face found in a /v1/ upload, by its predicted class. */
    void face(String label) {
        Counter.builder("facemask.faces").description("Faces found in /v1/ uploads, by class").tag("class", label)
                .register(registry).increment();
    }

    /**
     * Records one /v1/ upload searched for faces: {@code found}, or {@code none} (the whole image
     * classified, nobody counted). A camera whose frames stop showing faces shows up here.
     */
    void faceSearch(boolean found) {
        Counter.builder("facemask.face.searches").description("/v1/ uploads searched for faces, by outcome")
                .tag("outcome", found ? "found" : "none").register(registry).increment();
    }

    /**
     * Counts one live video frame by stream and outcome: {@code in} (received or read),
     * {@code analysed} (detected and classified), {@code dropped} (carried by the tracker unseen).
     */
    void streamFrame(String stream, String outcome) {
        streamFrames(stream, outcome).increment();
    }

    /** Exports a live stream's frame counters at zero, before its first frame: dashboards see it from the start. */
    void stream(String stream) {
        for (String outcome : new String[] {"in", "analysed", "dropped"}) {
            streamFrames(stream, outcome);
        }
    }

    private Counter streamFrames(String stream, String outcome) {
        return Counter.builder("facemask.stream.frames").description("Live video frames by stream and outcome")
                .tags("stream", stream, "outcome", outcome).register(registry);
    }

    /** Counts one reconnection of a camera ({@code serve --camera}) after its stream failed or ended. */
    void streamReconnect(String stream) {
        Counter.builder("facemask.stream.reconnects").description("Camera streams opened again after a failure or end")
                .tags("stream", stream).register(registry).increment();
    }

    /** Records how late a live frame's answer is: from its arrival (clients) or its time in the stream (cameras). */
    void streamLag(String stream, long nanos) {
        Timer.builder("facemask.stream.lag").description("Live video frames: arrival to answer, by stream")
                .tags("stream", stream)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry)
                .record(Duration.ofNanos(Math.max(0, nanos)));
    }

    /** Records an error answer by its code. */
    public void error(String code) {
        Counter.builder("facemask.errors").description("Error answers by code").tag("code", code)
                .register(registry).increment();
    }

    /** Records one label given to a prediction ({@code POST /v1/feedback}), by the class given. */
    public void feedback(String label) {
        Counter.builder("facemask.feedback").description("Labels given to predictions, by class").tag("class", label)
                .register(registry).increment();
    }

    /** Registers a counter that reads its value from elsewhere. */
    void counterFunction(String name, String description, Supplier<Number> value) {
        FunctionCounter.builder(name, value, v -> v.get().doubleValue()).description(description).register(registry);
    }

    /** Records the size of one inference batch. */
    void batch(int images) {
        batchSize.record(images);
    }

    /** Registers a gauge (e.g. queue depth). */
    public void gauge(String name, String description, Map<String, String> tags, Supplier<Number> value) {
        Gauge.builder(name, value).description(description)
                .tags(tags.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new))
                .register(registry);
    }

    /** Registers a counter, or returns the one registered under that name and tags. */
    Counter counter(String name, String description, Map<String, String> tags) {
        return Counter.builder(name).description(description)
                .tags(tags.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new))
                .register(registry);
    }

    /** Returns every metric in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
