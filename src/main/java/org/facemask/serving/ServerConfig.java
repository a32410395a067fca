package org.facemask.serving;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemask.detection.DetectorSpec;
import org.facemask.model.Backend;

/**
 * Immutable service settings; build with {@link #builder()} ({@code setX} required, {@code optX}
 * optional). The CLI fills it from flags, which default to {@code FACEMASK_*} environment variables.
 *
 * <p>The {@code DEFAULT_*} constants are the one place the defaults are written: the builder starts
 * from them and {@code facemask serve}'s options name them in their picocli defaults.
 */
public final class ServerConfig {

    private static final Pattern NAMED_CAMERA = Pattern.compile("([A-Za-z0-9_-]{1,32})=(.*)");

    /** Interface to bind: all of them. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** TCP port. */
    public static final int DEFAULT_PORT = 8080;
    /** Inference runtime, by {@link Backend} name (a string, so that picocli defaults can name it). */
    public static final String DEFAULT_BACKEND = "ONNX";
    /** Whether predictions are averaged over the image and its mirror. */
    public static final boolean DEFAULT_FLIP_AVERAGING = false;
    /** Largest accepted upload: 20 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 20L * 1024 * 1024;
    /** Largest accepted image: 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** Largest inference batch. */
    public static final int DEFAULT_BATCH_SIZE = 16;
    /** How long a batch waits for more images, in ms. */
    public static final int DEFAULT_BATCH_WAIT_MILLIS = 2;
    /** Batches run at once (see {@link Builder#optInferenceWorkers}). */
    public static final int DEFAULT_INFERENCE_WORKERS = 2;
    /** Images that may wait for inference. */
    public static final int DEFAULT_QUEUE_CAPACITY = 64;
    /** Prediction requests served at once (see {@link Builder#optMaxAdmitted}). */
    public static final int DEFAULT_MAX_ADMITTED = 32;
    /** How long a request may wait for a place, in ms. */
    public static final int DEFAULT_ADMISSION_WAIT_MILLIS = 500;
    /** How long a request may wait for its prediction, in ms (no option: a fixed limit of the service). */
    public static final int DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
    /** Live video streams from clients ({@code /v1/stream}) served at once. */
    public static final int DEFAULT_MAX_STREAMS = 4;
    /** Budget of a graceful stop, in ms: under the Kubernetes manifests' 30 s grace period. */
    public static final int DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 20_000;
    /** Days a retained upload is kept (retention itself is off unless a folder is given). */
    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** How often a model registry's pointer is read, in ms. */
    public static final int DEFAULT_REGISTRY_POLL_MILLIS = 5_000;

    private final Path modelDir;
    private final Path modelRegistry;
    private final int registryPollMillis;
    private final String host;
    private final int port;
    private final Backend backend;
    private final boolean flipAveraging;
    private final long maxUploadBytes;
    private final long maxPixels;
    private final String apiKey;
    private final int batchSize;
    private final int batchWaitMillis;
    private final int inferenceWorkers;
    private final int queueCapacity;
    private final int maxAdmitted;
    private final int admissionWaitMillis;
    private final int requestTimeoutMillis;
    private final int shutdownTimeoutMillis;
    private final int maxStreams;
    private final Map<String, String> cameras;
    private final String predictionLogUrl;
    private final DetectorSpec faceDetection;
    private final Path retainImagesDir;
    private final int retentionDays;

    private ServerConfig(Builder b) {
        this.modelDir = b.modelDir;
        this.modelRegistry = b.modelRegistry;
        this.registryPollMillis = b.registryPollMillis;
        this.host = b.host;
        this.port = b.port;
        this.backend = b.backend;
        this.flipAveraging = b.flipAveraging;
        this.maxUploadBytes = b.maxUploadBytes;
        this.maxPixels = b.maxPixels;
        this.apiKey = b.apiKey == null || b.apiKey.isBlank() ? null : b.apiKey;
        this.batchSize = b.batchSize;
        this.batchWaitMillis = b.batchWaitMillis;
        this.inferenceWorkers = b.inferenceWorkers;
        this.queueCapacity = b.queueCapacity;
        this.maxAdmitted = b.maxAdmitted;
        this.admissionWaitMillis = b.admissionWaitMillis;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.shutdownTimeoutMillis = b.shutdownTimeoutMillis;
        this.maxStreams = b.maxStreams;
        this.cameras = Collections.unmodifiableMap(new LinkedHashMap<>(b.cameras));
        this.predictionLogUrl = b.predictionLogUrl == null || b.predictionLogUrl.isBlank() ? null : b.predictionLogUrl;
        this.faceDetection = b.faceDetection;
        this.retainImagesDir = b.retainImagesDir == null || b.retainImagesDir.toString().isBlank() ? null
                : b.retainImagesDir;
        this.retentionDays = b.retentionDays;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the model artifact folder, or null when the model comes from a registry. */
    public Path modelDir() {
        return modelDir;
    }

    /** Returns the model registry folder whose current version is served, or null for a fixed model. */
    public Path modelRegistry() {
        return modelRegistry;
    }

    /** Returns how often the registry's pointer is read, in ms. */
    public int registryPollMillis() {
        return registryPollMillis;
    }

    /** Returns the interface to bind. */
    public String host() {
        return host;
    }

    /** Returns the port (0 picks a free one). */
    public int port() {
        return port;
    }

    /** Returns the inference runtime. */
    public Backend backend() {
        return backend;
    }

    /** Returns whether each prediction is averaged over the image and its mirror. */
    public boolean flipAveraging() {
        return flipAveraging;
    }

    /** Returns the largest accepted upload in bytes. */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Returns the largest accepted image in pixels, checked from the header before decoding. */
    public long maxPixels() {
        return maxPixels;
    }

    /** Returns the required {@code X-API-Key}, or null when the API is open. */
    public String apiKey() {
        return apiKey;
    }

    /** Returns the largest inference batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns how long the batcher waits for more requests after the first, in ms. */
    public int batchWaitMillis() {
        return batchWaitMillis;
    }

    /** Returns how many threads run inference batches at once. */
    public int inferenceWorkers() {
        return inferenceWorkers;
    }

    /** Returns how many images may wait for inference before requests get 503. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * Returns how many prediction requests are served at once (reading, decoding, waiting for
     * inference); more are refused with 503 before their upload is read.
     */
    public int maxAdmitted() {
        return maxAdmitted;
    }

    /**
     * Returns how long a prediction request may wait for a place among those served before it
     * is refused with 503, in ms (0: refused at once).
     */
    public int admissionWaitMillis() {
        return admissionWaitMillis;
    }

    /** Returns how many prediction requests may wait for a place; more are refused at once. */
    public int maxWaiting() {
        return 8 * maxAdmitted;
    }

    /** Returns how long a request may wait for its prediction, in ms. */
    public int requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    /**
     * Returns how long a graceful stop may take, in ms: predictions in flight finish, then
     * connections still open get the rest of it before they are cut.
     */
    public int shutdownTimeoutMillis() {
        return shutdownTimeoutMillis;
    }

    /** Returns how many live video streams from clients ({@code /v1/stream}) are served at once. */
    public int maxStreams() {
        return maxStreams;
    }

    /** Returns the cameras the service watches: name → what FFmpeg opens, in the order given. */
    public Map<String, String> cameras() {
        return cameras;
    }

    /** Returns the prediction log's JDBC URL, or null when predictions are not logged. */
    public String predictionLogUrl() {
        return predictionLogUrl;
    }

    /** Returns the face detectors for /v1/ endpoints; {@link DetectorSpec#none()} classifies whole images only. */
    public DetectorSpec faceDetection() {
        return faceDetection;
    }

    /** Returns the folder where uploads are retained for feedback, or null when none are kept (the default). */
    public Path retainImagesDir() {
        return retainImagesDir;
    }

    /** Returns how many days a retained upload is kept. */
    public int retentionDays() {
        return retentionDays;
    }

    /** Builds {@link ServerConfig}. */
    public static final class Builder {
        private Path modelDir;
        private Path modelRegistry;
        private int registryPollMillis = DEFAULT_REGISTRY_POLL_MILLIS;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Backend backend = Backend.valueOf(DEFAULT_BACKEND);
        private boolean flipAveraging = DEFAULT_FLIP_AVERAGING;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private String apiKey;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int batchWaitMillis = DEFAULT_BATCH_WAIT_MILLIS;
        private int inferenceWorkers = DEFAULT_INFERENCE_WORKERS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxAdmitted = DEFAULT_MAX_ADMITTED;
        private int admissionWaitMillis = DEFAULT_ADMISSION_WAIT_MILLIS;
        private int requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
        private int shutdownTimeoutMillis = DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private final Map<String, String> cameras = new LinkedHashMap<>();
        private String predictionLogUrl;
        private DetectorSpec faceDetection = DetectorSpec.none();
        private Path retainImagesDir;
        private int retentionDays = DEFAULT_RETENTION_DAYS;

        private Builder() {}

        /**
         * Sets the model artifact folder; this or {@link #setModelRegistry} is required.
         *
         * @param dir the folder
         * @return this builder
         */
        public Builder setModelDir(Path dir) {
            this.modelDir = dir;
            return this;
        }

        /**
         * Serves a model registry's current version and follows its pointer; this or
         * {@link #setModelDir} is required.
         *
         * @param dir the registry folder ({@link org.facemask.model.ModelRegistry})
         * @return this builder
         */
        public Builder setModelRegistry(Path dir) {
            this.modelRegistry = dir;
            return this;
        }

        /**
         * Sets how often the registry's pointer is read, in ms (default {@value #DEFAULT_REGISTRY_POLL_MILLIS}).
         *
         * @param value the interval
         * @return this builder
         */
        public Builder optRegistryPollMillis(int value) {
            this.registryPollMillis = value;
            return this;
        }

        /**
         * Sets the interface to bind (default {@value #DEFAULT_HOST}).
         *
         * @param value host name or address
         * @return this builder
         */
        public Builder optHost(String value) {
            this.host = value;
            return this;
        }

        /**
         * Sets the port (default {@value #DEFAULT_PORT}; 0 picks a free one).
         *
         * @param value port
         * @return this builder
         */
        public Builder optPort(int value) {
            this.port = value;
            return this;
        }

        /**
         * Sets the runtime (default {@value #DEFAULT_BACKEND}).
         *
         * @param value runtime
         * @return this builder
         */
        public Builder optBackend(Backend value) {
            this.backend = value;
            return this;
        }

        /**
         * Averages each prediction over the image and its horizontal mirror (default off): twice
         * the inference work per image.
         *
         * @param value whether to average
         * @return this builder
         */
        public Builder optFlipAveraging(boolean value) {
            this.flipAveraging = value;
            return this;
        }

        /**
         * Sets the upload limit in bytes (default {@value #DEFAULT_MAX_UPLOAD_BYTES}, 20 MiB).
         *
         * @param value bytes
         * @return this builder
         */
        public Builder optMaxUploadBytes(long value) {
            this.maxUploadBytes = value;
            return this;
        }

        /**
         * Sets the pixel limit (default {@value #DEFAULT_MAX_PIXELS}).
         *
         * @param value pixels
         * @return this builder
         */
        public Builder optMaxPixels(long value) {
            this.maxPixels = value;
            return this;
        }

        /**
         * Requires {@code X-API-Key} on prediction endpoints (blank or null: open API).
         *
         * @param value the key
         * @return this builder
         */
        public Builder optApiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /**
         * Sets the largest inference batch (default {@value #DEFAULT_BATCH_SIZE}).
         *
         * @param value images
         * @return this builder
         */
        public Builder optBatchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Sets how long to wait for more requests to batch, in ms (default {@value #DEFAULT_BATCH_WAIT_MILLIS}).
         *
         * @param value milliseconds
         * @return this builder
         */
        public Builder optBatchWaitMillis(int value) {
            this.batchWaitMillis = value;
            return this;
        }

        /**
         * Logs every prediction durably to this database (default: no log).
         *
         * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...}, or null for none
         * @return this builder
         */
        public Builder optPredictionLogUrl(String jdbcUrl) {
            this.predictionLogUrl = jdbcUrl;
            return this;
        }

        /**
         * Finds faces in /v1/ uploads and classifies each (default: none, whole images only).
         * {@code /predict} keeps classifying the whole image either way.
         *
         * @param spec the detectors
         * @return this builder
         */
        public Builder optFaceDetection(DetectorSpec spec) {
            this.faceDetection = spec;
            return this;
        }

        /**
         * Sets how many threads run inference batches at once (default {@value #DEFAULT_INFERENCE_WORKERS}). On ONNX
         * Runtime N workers each get cores / N threads, so on 2 cores two batches run side by side on one thread each
         * instead of one batch on both, where a thread preempted by HTTP work stalls the other. Measured alternately 5
         * times (wrk, 8 clients): 2 workers served 2-18 % more (mean 246 against 222 requests/s), at the cost of a lone
         * request's time (p50 8-9 ms instead of 5-6 ms: one core instead of two); 1 gives the lowest latency. DJL
         * serialises calls, so more workers do not help it.
         *
         * @param value threads, at least 1
         * @return this builder
         */
        public Builder optInferenceWorkers(int value) {
            this.inferenceWorkers = value;
            return this;
        }

        /**
         * Sets the inference queue capacity (default {@value #DEFAULT_QUEUE_CAPACITY}).
         *
         * @param value images
         * @return this builder
         */
        public Builder optQueueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        /**
         * Sets how many prediction requests are served at once (default {@value #DEFAULT_MAX_ADMITTED}: about a third
         * of a second of work at this service's throughput on 2 cores, and enough to fill its batches).
         *
         * @param value requests
         * @return this builder
         */
        public Builder optMaxAdmitted(int value) {
            this.maxAdmitted = value;
            return this;
        }

        /**
         * Sets how long a prediction request may wait for a place before it is refused, in ms
         * (default {@value #DEFAULT_ADMISSION_WAIT_MILLIS}; 0 refuses at once).
         *
         * @param value milliseconds
         * @return this builder
         */
        public Builder optAdmissionWaitMillis(int value) {
            this.admissionWaitMillis = value;
            return this;
        }

        /**
         * Sets the per-request wait limit in ms (default {@value #DEFAULT_REQUEST_TIMEOUT_MILLIS}).
         *
         * @param value milliseconds
         * @return this builder
         */
        public Builder optRequestTimeoutMillis(int value) {
            this.requestTimeoutMillis = value;
            return this;
        }

        /**
         * Sets how long a graceful stop may take in ms (default {@value #DEFAULT_SHUTDOWN_TIMEOUT_MILLIS}; keep it
         * under the orchestrator's grace period, 30 s in the Kubernetes manifests).
         *
         * @param value milliseconds
         * @return this builder
         */
        public Builder optShutdownTimeoutMillis(int value) {
            this.shutdownTimeoutMillis = value;
            return this;
        }

        /**
         * Sets how many live video streams from clients ({@code /v1/stream}) are served at once
         * (default {@value #DEFAULT_MAX_STREAMS}); more are refused when they connect. Each
         * analysed frame also takes a place among the admitted requests.
         *
         * @param value streams, at least 1
         * @return this builder
         */
        public Builder optMaxStreams(int value) {
            this.maxStreams = value;
            return this;
        }

        /**
         * Keeps every single-image upload in this folder under its request id, for feedback and
         * the review page (default: null, nothing kept). Faces are personal data: off unless the
         * operator turns it on.
         *
         * @param dir the folder, or null for none
         * @return this builder
         */
        public Builder optRetainImagesDir(Path dir) {
            this.retainImagesDir = dir;
            return this;
        }

        /**
         * Watches cameras (default none): each {@code [NAME=]URL}, where URL is anything FFmpeg
         * opens ({@code rtsp://}, {@code http://}, {@code /dev/video0}, a file) and NAME
         * (letters, digits, {@code _} and {@code -}, at most 32) names it in the metrics and the
         * prediction log; unnamed cameras are {@code camera1}, {@code camera2}, ... in order.
         *
         * @param values the cameras; null or empty for none
         * @return this builder
         */
        public Builder optCameras(List<String> values) {
            cameras.clear();
            if (values == null) {
                return this;
            }
            for (String value : values) {
                Matcher named = NAMED_CAMERA.matcher(value.trim());
                String name = named.matches() ? named.group(1) : "camera" + (cameras.size() + 1);
                String url = named.matches() ? named.group(2) : value.trim();
                check(!url.isEmpty(), "--camera needs a URL: '" + value + "'");
                check(cameras.putIfAbsent(name, url) == null, "two cameras named " + name);
            }
            return this;
        }

        /**
         * Sets how many days a retained upload is kept (default {@value #DEFAULT_RETENTION_DAYS}).
         *
         * @param days at least 1
         * @return this builder
         */
        public Builder optRetentionDays(int days) {
            this.retentionDays = days;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public ServerConfig build() {
            check(modelDir != null || modelRegistry != null, "a model folder or a model registry is required");
            check(modelDir == null || modelRegistry == null, "give a model folder or a model registry, not both");
            check(registryPollMillis >= 100, "registry poll interval must be at least 100 ms");
            check(faceDetection != null, "face detection settings are required (DetectorSpec.none() for none)");
            check(port >= 0 && port <= 65535, "port must be in 0..65535");
            check(maxUploadBytes > 0, "max upload bytes must be positive");
            check(maxPixels > 0, "max pixels must be positive");
            check(batchSize >= 1, "batch size must be at least 1");
            check(batchWaitMillis >= 0, "batch wait must not be negative");
            check(inferenceWorkers >= 1, "inference workers must be at least 1");
            check(queueCapacity >= 1, "queue capacity must be at least 1");
            check(maxAdmitted >= 1, "max admitted requests must be at least 1");
            check(admissionWaitMillis >= 0, "admission wait must not be negative");
            check(requestTimeoutMillis >= 1, "request timeout must be positive");
            check(shutdownTimeoutMillis >= 1, "shutdown timeout must be positive");
            check(maxStreams >= 1, "max streams must be at least 1");
            check(retentionDays >= 1, "retention days must be at least 1");
            return new ServerConfig(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
