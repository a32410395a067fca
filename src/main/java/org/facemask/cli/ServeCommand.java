package org.facemask.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.facemask.model.Backend;
import org.facemask.serving.ServerConfig;
import org.facemask.serving.http.ServerApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask serve}: the HTTP service. Every flag defaults to a FACEMASK_* environment variable. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the model over HTTP: POST /predict (whole image), /v1/predict, /v1/predict/batch",
            "(whole image plus every face found), /v1/annotate (the image with labelled boxes),",
            "GET /health/live, /health/ready, /metrics and a web page at /.",
            "Each flag falls back to the environment variable named in its description."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:FACEMASK_PORT:-8080}", description = "Port [FACEMASK_PORT] (default 8080).")
    int port;

    @Option(names = "--host", defaultValue = "${env:FACEMASK_HOST:-0.0.0.0}", description = "Interface [FACEMASK_HOST] (default 0.0.0.0).")
    String host;

    @Option(names = "--model", defaultValue = "${env:FACEMASK_MODEL}", description = "Model folder [FACEMASK_MODEL] (default: the bundled model).")
    Path model;

    @Option(names = "--backend", defaultValue = "${env:FACEMASK_BACKEND:-ONNX}", description = "ONNX or DJL [FACEMASK_BACKEND] (default ONNX).")
    Backend backend;

    // arity 0..1: a plain flag is set to the opposite of its default, so with the variable set to
    // true, giving --flip-average as well would turn averaging off.
    @Option(names = "--flip-average", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            defaultValue = "${env:FACEMASK_FLIP_AVERAGE:-false}",
            description = FlipAverageOption.DESCRIPTION + " [FACEMASK_FLIP_AVERAGE] (default off).")
    boolean flipAverage;

    @Option(names = "--max-upload-bytes", defaultValue = "${env:FACEMASK_MAX_UPLOAD_BYTES:-20971520}", description = "Upload limit [FACEMASK_MAX_UPLOAD_BYTES] (default 20 MiB).")
    long maxUploadBytes;

    @Option(names = "--max-pixels", defaultValue = "${env:FACEMASK_MAX_PIXELS:-50000000}", description = "Pixel limit, from the header [FACEMASK_MAX_PIXELS] (default 50 M).")
    long maxPixels;

    @Option(names = "--api-key", defaultValue = "${env:FACEMASK_API_KEY}", description = "Require X-API-Key [FACEMASK_API_KEY] (default: open).")
    String apiKey;

    @Option(names = "--batch-size", defaultValue = "${env:FACEMASK_BATCH_SIZE:-16}", description = "Largest inference batch [FACEMASK_BATCH_SIZE] (default 16).")
    int batchSize;

    @Option(names = "--batch-wait-ms", defaultValue = "${env:FACEMASK_BATCH_WAIT_MS:-2}", description = "Wait for more requests to batch [FACEMASK_BATCH_WAIT_MS] (default 2).")
    int batchWaitMillis;

    @Option(names = "--inference-workers", defaultValue = "${env:FACEMASK_INFERENCE_WORKERS:-2}", description = "Batches run at once, each on cores/N threads [FACEMASK_INFERENCE_WORKERS] (default 2: most throughput; 1: lowest latency for a lone request).")
    int inferenceWorkers;

    @Option(names = "--queue-capacity", defaultValue = "${env:FACEMASK_QUEUE_CAPACITY:-64}", description = "Images waiting before 503 [FACEMASK_QUEUE_CAPACITY] (default 64).")
    int queueCapacity;

    @Option(names = "--max-admitted", defaultValue = "${env:FACEMASK_MAX_ADMITTED:-32}", description = "Prediction requests served at once; more get 503 before their upload is read [FACEMASK_MAX_ADMITTED] (default 32).")
    int maxAdmitted;

    @Option(names = "--admission-wait-ms", defaultValue = "${env:FACEMASK_ADMISSION_WAIT_MS:-500}", description = "How long a prediction request beyond --max-admitted may wait for a place before 503 [FACEMASK_ADMISSION_WAIT_MS] (default 500; 0: refuse at once).")
    int admissionWaitMillis;

    @Option(names = "--shutdown-timeout-ms", defaultValue = "${env:FACEMASK_SHUTDOWN_TIMEOUT_MS:-20000}", description = "Graceful stop budget: requests in flight, then open connections [FACEMASK_SHUTDOWN_TIMEOUT_MS] (default 20 s; keep it under the pod's grace period).")
    int shutdownTimeoutMillis;

    @Mixin
    PredictionLogOption predictionLog;

    @Mixin
    DetectorOption detection;

    @Option(names = "--exit-when-ready",
            description = "Start, get ready, then stop: checks a deployment's model and log settings (and records the start-up class archive in 'make build').")
    boolean exitWhenReady;

    @Override
    public Integer call() throws InterruptedException {
        ServerApp server = ServerApp.start(config());
        if (exitWhenReady) {
            int boundPort = server.port();
            server.close();
            spec.commandLine().getOut().println("ready on port " + boundPort + "; stopped");
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (Kubernetes, Ctrl-C): stop accepting, finish in-flight requests, then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "graceful-shutdown"));
        stopped.await();
        return 0;
    }

    /** Returns the service settings from the parsed flags. */
    ServerConfig config() {
        return ServerConfig.builder()
                .setModelDir(model != null ? model : FaceMaskCli.bundledModel())
                .optHost(host).optPort(port).optBackend(backend).optFlipAveraging(flipAverage)
                .optMaxUploadBytes(maxUploadBytes).optMaxPixels(maxPixels).optApiKey(apiKey)
                .optBatchSize(batchSize).optBatchWaitMillis(batchWaitMillis).optInferenceWorkers(inferenceWorkers)
                .optQueueCapacity(queueCapacity).optMaxAdmitted(maxAdmitted)
                .optAdmissionWaitMillis(admissionWaitMillis).optShutdownTimeoutMillis(shutdownTimeoutMillis)
                .optPredictionLogUrl(predictionLog.url())
                .optFaceDetection(detection.spec())
                .build();
    }
}
