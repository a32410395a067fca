package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.facemask.Fixtures;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.PredictionLogWriter;
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
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (ServiceProcess service = ServiceProcess.start(dir)) {
            byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.execute(() -> {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        String id = "kill9-" + client + "-" + i;
                        try {
                            HttpResponse<String> r = TestHttp.send(TestHttp.multipart(service.uri("/predict"),
                                    part("file", "f.jpg", face)).header("X-Request-Id", id).build());
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
            service.process().destroyForcibly();
            assertTrue(service.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, service.process().exitValue(), "not killed by SIGKILL");
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "only " + acknowledged.size() + " answered");
        try (PredictionLogReader log = PredictionLogReader.openReadOnly(PredictionLogWriter.sqliteUrl(dir))) {
            List<String> missing = acknowledged.stream().filter(id -> log.byRequest(id).isEmpty()).toList();
            assertEquals(List.of(), missing, "acknowledged but not in the log");
            assertTrue(log.count() >= acknowledged.size());
        }
    }
}
