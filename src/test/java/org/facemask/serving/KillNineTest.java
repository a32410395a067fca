package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.facemask.Fixtures;
import org.facemask.monitoring.PredictionLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service in its own JVM, under concurrent load, killed with SIGKILL: every prediction it
 * acknowledged with a 200 is in the SQLite log afterwards.
 */
class KillNineTest {

    private static final int ACKNOWLEDGED_BEFORE_KILL = 60;

    @TempDir
    Path dir;

    @Test
    void kill_9_loses_no_acknowledged_prediction() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path model = Fixtures.tinyModel();
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "org.facemask.cli.FaceMaskCli", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--model", model.toString(), "--prediction-log", "sqlite", "--data-dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            awaitReady(port, service);
            byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        String id = "kill9-" + client + "-" + i;
                        try {
                            HttpResponse<String> r = TestHttp.send(TestHttp.multipart(
                                    URI.create("http://127.0.0.1:" + port + "/predict"), part("file", "f.jpg", face))
                                    .header("X-Request-Id", id).build());
                            if (r.statusCode() == 200) {
                                acknowledged.add(id);
                            }
                        } catch (IOException e) {
                            return; // the service is gone
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // Killed while requests are in flight, as a crash would.
            service.destroyForcibly();
            assertTrue(service.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, service.exitValue(), "not killed by SIGKILL");
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
        assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "only " + acknowledged.size() + " answered");
        try (PredictionLog log = PredictionLog.open(PredictionLog.sqliteUrl(dir))) {
            List<String> missing = acknowledged.stream().filter(id -> log.byRequest(id).isEmpty()).toList();
            assertEquals(List.of(), missing, "acknowledged but not in the log");
            assertTrue(log.count() >= acknowledged.size());
        }
    }

    private static void awaitReady(int port, Process service) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new AssertionError("the service exited with " + service.exitValue());
            }
            try {
                if (TestHttp.send(ready).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service was not ready within 90 s");
    }
}
