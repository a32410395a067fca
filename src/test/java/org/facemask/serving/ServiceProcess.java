package org.facemask.serving;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.facemask.Fixtures;

/**
 * {@code facemask serve} in a JVM of its own, on a free port, with the tiny fixture model and a
 * SQLite prediction log in a folder: what the crash and shutdown tests kill.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the service and waits until it is ready.
     *
     * @param dataDir where the SQLite log and the service's output go
     * @param flags more {@code serve} flags
     * @return the running service
     */
    static ServiceProcess start(Path dataDir, String... flags) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "org.facemask.cli.FaceMaskCli", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--model", Fixtures.tinyModel().toString(), "--prediction-log", "sqlite", "--data-dir",
                dataDir.toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("service.log").toFile()).start();
        ServiceProcess service = new ServiceProcess(process, port);
        try {
            service.awaitReady();
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return service;
    }

    /** Returns the URI of a path on the service. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Returns the service's process. */
    Process process() {
        return process;
    }

    private void awaitReady() throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue());
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

    /** Kills what is left of the service. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
