package org.facemask.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.facemask.serving.http.ServerApp;

/** Four clients posting one image to {@code /v1/predict} in a loop, for checks made while the service changes. */
final class PredictionLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final List<Future<?>> loops = new ArrayList<>();

    PredictionLoad(ServerApp server, byte[] image) {
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            loops.add(clients.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String id = "load-" + client + "-" + i;
                    HttpResponse<String> r = TestHttp.predict(server, image, id);
                    sent.incrementAndGet();
                    if (r.statusCode() == 200) {
                        answers.put(id, JSON.readTree(r.body()));
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                }
                return null;
            }));
        }
    }

    /** Requests answered so far, failed or not. */
    int sent() {
        return sent.get();
    }

    /** The successful answers by request id. */
    Map<String, JsonNode> answers() {
        return answers;
    }

    /** Whether some answer came from this model version ({@code model.version}). */
    boolean answeredBy(String version) {
        return answers.values().stream().anyMatch(a -> version.equals(a.get("model").get("version").asText()));
    }

    /** The failed answers: status and body. */
    List<String> failures() {
        return failures;
    }

    /** Waits until at least {@code more} further requests are answered. */
    void waitForMore(int more, String what) throws InterruptedException {
        int from = sent();
        waitFor(() -> sent() >= from + more, what);
    }

    /** Stops the clients once their requests in flight are answered; idempotent. */
    void stop() throws Exception {
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get();
        }
        clients.shutdown();
    }

    /**
     * Polls a condition every 50 ms for up to a minute.
     *
     * @param condition what to wait for
     * @param what its name in the failure message
     * @throws InterruptedException if interrupted
     */
    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
