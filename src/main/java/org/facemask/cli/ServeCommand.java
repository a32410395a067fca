package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
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
            "the /v1/stream WebSocket (live video frames in, tracked faces out),",
            "POST /v1/feedback (labels for answers; with --retain-images a review page at /review.html),",
            "GET /v1/model, /health/live, /health/ready, /metrics and a web page at /.",
            "Each flag falls back to the environment variable named in its description."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Defaults come from ServerConfig's DEFAULT_* constants, the one place they are written; each
    // option reads its FACEMASK_* variable first. docs/configuration.md lists them (ConfigurationDocTest).
    @Option(names = "--port", defaultValue = "${env:FACEMASK_PORT:-" + ServerConfig.DEFAULT_PORT + "}",
            description = "Port [FACEMASK_PORT] (default " + ServerConfig.DEFAULT_PORT + ").")
    int port;

    @Option(names = "--host", defaultValue = "${env:FACEMASK_HOST:-" + ServerConfig.DEFAULT_HOST + "}",
            description = "Interface [FACEMASK_HOST] (default " + ServerConfig.DEFAULT_HOST + ").")
    String host;

    @Option(names = "--model", defaultValue = "${env:FACEMASK_MODEL}",
            description = "Model folder [FACEMASK_MODEL] (default: the bundled model).")
    Path model;

    @Option(names = "--model-registry", defaultValue = "${env:FACEMASK_MODEL_REGISTRY}",
            description = "Serve a model registry's current version and swap in each version promoted later,"
                + " instead of --model [FACEMASK_MODEL_REGISTRY] (default: none).")
    Path modelRegistry;

    @Option(names = "--registry-poll-ms",
            defaultValue = "${env:FACEMASK_REGISTRY_POLL_MS:-" + ServerConfig.DEFAULT_REGISTRY_POLL_MILLIS + "}",
            description = "How often the registry's current pointer is read [FACEMASK_REGISTRY_POLL_MS] (default "
                + ServerConfig.DEFAULT_REGISTRY_POLL_MILLIS + ").")
    int registryPollMillis;

    @Option(names = "--backend", defaultValue = "${env:FACEMASK_BACKEND:-" + ServerConfig.DEFAULT_BACKEND + "}",
            description = "ONNX or DJL [FACEMASK_BACKEND] (default " + ServerConfig.DEFAULT_BACKEND + ").")
    Backend backend;

    // arity 0..1: a plain flag is set to the opposite of its default, so with the variable set to
    // true, giving --flip-average as well would turn averaging off.
    @Option(names = "--flip-average", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            defaultValue = "${env:FACEMASK_FLIP_AVERAGE:-" + ServerConfig.DEFAULT_FLIP_AVERAGING + "}",
            description = FlipAverageOption.DESCRIPTION + " [FACEMASK_FLIP_AVERAGE] (default "
                + ServerConfig.DEFAULT_FLIP_AVERAGING + ").")
    boolean flipAverage;

    @Option(names = "--max-upload-bytes",
            defaultValue = "${env:FACEMASK_MAX_UPLOAD_BYTES:-" + ServerConfig.DEFAULT_MAX_UPLOAD_BYTES + "}",
            description = "Upload limit [FACEMASK_MAX_UPLOAD_BYTES] (default "
                + ServerConfig.DEFAULT_MAX_UPLOAD_BYTES / (1024 * 1024) + " MiB).")
    long maxUploadBytes;

    @Option(names = "--max-pixels",
            defaultValue = "${env:FACEMASK_MAX_PIXELS:-" + ServerConfig.DEFAULT_MAX_PIXELS + "}",
            description = "Pixel limit, from the header [FACEMASK_MAX_PIXELS] (default "
                + ServerConfig.DEFAULT_MAX_PIXELS / 1_000_000 + " M).")
    long maxPixels;

    @Option(names = "--api-key", defaultValue = "${env:FACEMASK_API_KEY}",
            description = "Require X-API-Key [FACEMASK_API_KEY] (default: open).")
    String apiKey;

    @Option(names = "--batch-size",
            defaultValue = "${env:FACEMASK_BATCH_SIZE:-" + ServerConfig.DEFAULT_BATCH_SIZE + "}",
            description = "Largest inference batch [FACEMASK_BATCH_SIZE] (default " + ServerConfig.DEFAULT_BATCH_SIZE
                + ").")
    int batchSize;

    @Option(names = "--batch-wait-ms",
            defaultValue = "${env:FACEMASK_BATCH_WAIT_MS:-" + ServerConfig.DEFAULT_BATCH_WAIT_MILLIS + "}",
            description = "Wait for more requests to batch [FACEMASK_BATCH_WAIT_MS] (default "
                + ServerConfig.DEFAULT_BATCH_WAIT_MILLIS + ").")
    int batchWaitMillis;

    @Option(names = "--inference-workers",
            defaultValue = "${env:FACEMASK_INFERENCE_WORKERS:-" + ServerConfig.DEFAULT_INFERENCE_WORKERS + "}",
            description = "Batches run at once, each on cores/N threads [FACEMASK_INFERENCE_WORKERS] (default "
                + ServerConfig.DEFAULT_INFERENCE_WORKERS + ": most throughput; 1: lowest latency for a lone request).")
    int inferenceWorkers;

    @Option(names = "--queue-capacity",
            defaultValue = "${env:FACEMASK_QUEUE_CAPACITY:-" + ServerConfig.DEFAULT_QUEUE_CAPACITY + "}",
            description = "Images waiting before 503 [FACEMASK_QUEUE_CAPACITY] (default "
                + ServerConfig.DEFAULT_QUEUE_CAPACITY + ").")
    int queueCapacity;

    @Option(names = "--max-admitted",
            defaultValue = "${env:FACEMASK_MAX_ADMITTED:-" + ServerConfig.DEFAULT_MAX_ADMITTED + "}",
            description = "Prediction requests served at once; more get 503 before their upload is read"
                + " [FACEMASK_MAX_ADMITTED] (default " + ServerConfig.DEFAULT_MAX_ADMITTED + ").")
    int maxAdmitted;

    @Option(names = "--admission-wait-ms",
            defaultValue = "${env:FACEMASK_ADMISSION_WAIT_MS:-" + ServerConfig.DEFAULT_ADMISSION_WAIT_MILLIS + "}",
            description = "How long a prediction request beyond --max-admitted may wait for a place before 503"
                + " [FACEMASK_ADMISSION_WAIT_MS] (default " + ServerConfig.DEFAULT_ADMISSION_WAIT_MILLIS
                + "; 0: refuse at once).")
    int admissionWaitMillis;

    @Option(names = "--shutdown-timeout-ms",
            defaultValue = "${env:FACEMASK_SHUTDOWN_TIMEOUT_MS:-" + ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS + "}",
            description = "Graceful stop budget: requests in flight, then open connections"
                + " [FACEMASK_SHUTDOWN_TIMEOUT_MS] (default " + ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS / 1000
                + " s; keep it under the pod's grace period).")
    int shutdownTimeoutMillis;

    @Option(names = "--max-streams",
            defaultValue = "${env:FACEMASK_MAX_STREAMS:-" + ServerConfig.DEFAULT_MAX_STREAMS + "}",
            description = "Live video streams from clients (/v1/stream, the page's webcam) served at once; more are"
                + " refused when they connect [FACEMASK_MAX_STREAMS] (default " + ServerConfig.DEFAULT_MAX_STREAMS
                + ").")
    int maxStreams;

    @Option(names = "--camera", paramLabel = "[NAME=]URL", split = ",", defaultValue = "${env:FACEMASK_CAMERA}",
            description = "Watch a camera: an rtsp:// or http:// stream, /dev/videoN or a file, named NAME (default"
                + " cameraN) in the metrics and the prediction log, which gets one row per person seen; repeatable"
                + " or comma-separated [FACEMASK_CAMERA] (default: none).")
    List<String> cameras;

    @Mixin
    PredictionLogOption predictionLog;

    @Mixin
    DetectorOption detection;

    @Option(names = "--retain-images", paramLabel = "DIR", defaultValue = "${env:FACEMASK_RETAIN_IMAGES}",
            description = "Keep each single-image upload here under its request id, for feedback and"
                + " /review.html [FACEMASK_RETAIN_IMAGES] (default: off; faces are personal data).")
    Path retainImages;

    @Option(names = "--retention-days",
            defaultValue = "${env:FACEMASK_RETENTION_DAYS:-" + ServerConfig.DEFAULT_RETENTION_DAYS + "}",
            description = "Days a retained upload is kept [FACEMASK_RETENTION_DAYS] (default "
                + ServerConfig.DEFAULT_RETENTION_DAYS + ").")
    int retentionDays;

    @Option(names = "--exit-when-ready",
            description = "Start, get ready, then stop: checks a deployment's model and log"
            + " settings (and records the start-up class archive in 'make build').")
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
        ServerConfig.Builder builder = ServerConfig.builder();
        if (modelRegistry != null) {
            // With --model too, build() refuses the pair.
            builder.setModelRegistry(modelRegistry).setModelDir(model);
        } else {
            builder.setModelDir(model != null ? model : FaceMaskCli.bundledModel());
        }
        return builder.optRegistryPollMillis(registryPollMillis)
                .optHost(host).optPort(port).optBackend(backend).optFlipAveraging(flipAverage)
                .optMaxUploadBytes(maxUploadBytes).optMaxPixels(maxPixels).optApiKey(apiKey)
                .optBatchSize(batchSize).optBatchWaitMillis(batchWaitMillis).optInferenceWorkers(inferenceWorkers)
                .optQueueCapacity(queueCapacity).optMaxAdmitted(maxAdmitted)
                .optAdmissionWaitMillis(admissionWaitMillis).optShutdownTimeoutMillis(shutdownTimeoutMillis)
                .optMaxStreams(maxStreams).optCameras(cameras)
                .optPredictionLogUrl(predictionLog.url())
                .optFaceDetection(detection.spec())
                .optRetainImagesDir(retainImages).optRetentionDays(retentionDays)
                .build();
    }
}
