package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.facemask.Fixtures;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.PredictionLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service in its own JVM under 8 clients, stopped with SIGTERM at a random moment, as
 * Kubernetes stops a pod: every request gets an answer (200, or 503 once stopping), none waits
 * past the shutdown budget, the process exits within it, and every 200 is in the log. A client
 * told the service is stopping goes elsewhere, as a load balancer's would. The load runs for
 * {@code -Dfacemask.chaos.seconds} (default 30); the seed is printed to replay a failure.
 */
class ChaosShutdownTest {

    private static final int CLIENTS = 8;
    private static final int SHUTDOWN_BUDGET_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void sigterm_under_load_answers_every_request_within_the_budget_and_logs_every_200() throws Exception {
        long seconds = Long.getLong("facemask.chaos.seconds", 30);
        long seed = Long.getLong("facemask.chaos.seed", System.nanoTime());
        // Anywhere in the second half of the run, so that the service is busy and warm.
        long stopAfterMillis = seconds * 500 + new Random(seed).nextLong(seconds * 500);
        System.out.println("chaos: seed " + seed + ", SIGTERM after " + stopAfterMillis + " ms of load");

        byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicLong slowest = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (ServiceProcess service = ServiceProcess.start(dir, "--shutdown-timeout-ms",
                String.valueOf(SHUTDOWN_BUDGET_MILLIS))) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; ; i++) {
                        String id = "chaos-" + client + "-" + i;
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = TestHttp.send(TestHttp.multipart(service.uri("/predict"),
                                    part("file", "f.jpg", face)).header("X-Request-Id", id).build());
                            slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                            if (r.statusCode() == 200) {
                                acknowledged.add(id);
                            } else if (r.statusCode() == 503 && r.body().contains("shutting_down")) {
                                refused.incrementAndGet();
                                return null;
                            } else {
                                failures.add(id + ": " + r.statusCode() + " " + r.body());
                            }
                        } catch (IOException e) {
                            failures.add(id + ": no answer: " + e);
                            return null;
                        }
                    }
                }));
            }
            Thread.sleep(stopAfterMillis);
            long stopping = System.nanoTime();
            service.process().destroy(); // SIGTERM
            assertTrue(service.process().waitFor(SHUTDOWN_BUDGET_MILLIS + 5_000, TimeUnit.MILLISECONDS),
                    "the service did not exit within its shutdown budget");
            double exitMillis = (System.nanoTime() - stopping) / 1e6;
            for (Future<?> client : running) {
                client.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("chaos: %d answered 200, %d told the service is stopping, exit %.0f ms after SIGTERM%n",
                    acknowledged.size(), refused.get(), exitMillis);
        } finally {
            clients.shutdownNow();
        }
        assertEquals(List.of(), failures, "requests not answered 200 or 503 shutting_down");
        assertTrue(acknowledged.size() > CLIENTS, "too little load: " + acknowledged.size());
        assertTrue(slowest.get() < TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_BUDGET_MILLIS),
                "a request waited " + slowest.get() / 1e6 + " ms, past the shutdown budget");
        try (PredictionLogReader log = PredictionLogReader.openReadOnly(PredictionLogWriter.sqliteUrl(dir))) {
            List<String> missing = acknowledged.stream().filter(id -> log.byRequest(id).isEmpty()).toList();
            assertEquals(List.of(), missing, "answered 200 but not in the log");
        }
    }
}
