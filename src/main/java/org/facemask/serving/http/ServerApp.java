package org.facemask.serving.http;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.facemask.detection.FaceDetector;
import org.facemask.image.ImageDecoder;
import org.facemask.model.ModelArtifactException;
import org.facemask.model.ModelRegistry;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.RetainedImages;
import org.facemask.serving.Admission;
import org.facemask.serving.ClassificationService;
import org.facemask.serving.ImageRetention;
import org.facemask.serving.LiveModel;
import org.facemask.serving.LiveStreams;
import org.facemask.serving.RegistryWatcher;
import org.facemask.serving.ServerConfig;
import org.facemask.serving.ServiceException;
import org.facemask.serving.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service: its routes, and its life from start (the server listens while the model
 * loads) to a graceful stop within the shutdown budget. Handlers live in
 * {@link PredictionHandlers}; the way in and out in {@link RequestGate}; errors are mapped in
 * {@link HttpErrors}.
 */
public final class ServerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerApp.class);
    // Multipart framing around the file part; uploads may exceed the file limit by this much.
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    // A batch request may carry this many files' worth of bytes.
    private static final int MAX_BATCH_FILES = 32;

    private final ServerConfig config;
    private final ServingMetrics metrics = new ServingMetrics();
    private final Admission admission;
    // Set once the model is loaded and warmed up; the HTTP server is already listening before that.
    private volatile ClassificationService service;
    // Set with the service: the clients' live video streams.
    private volatile LiveStreams streams;
    // Follows the model registry's pointer, when the model comes from one.
    private volatile RegistryWatcher watcher;
    private final PredictionLogWriter log;
    private final ImageRetention retention;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServerApp(ServerConfig config, PredictionLogWriter log) {
        this.config = config;
        this.log = log;
        this.retention = config.retainImagesDir() == null ? null : new ImageRetention(
                new RetainedImages(config.retainImagesDir()), Duration.ofDays(config.retentionDays()),
                Clock.systemUTC(), metrics);
        this.admission = new Admission(config.maxAdmitted(), config.maxWaiting(), config.admissionWaitMillis());
        long maxRequestBytes = MAX_BATCH_FILES * (config.maxUploadBytes() + MULTIPART_OVERHEAD);
        HttpErrors errors = new HttpErrors(metrics);
        RequestGate gate = new RequestGate(config.apiKey(), admission, metrics);
        PredictionHandlers predictions = new PredictionHandlers(() -> service,
                new UploadReader(config.maxUploadBytes(), maxRequestBytes), errors, config.backend().name(), retention);
        FeedbackHandlers feedback = new FeedbackHandlers(log, retention, metrics);
        StatsHandler stats = new StatsHandler(log == null ? null : log.reader());
        StreamSocket socket = new StreamSocket(() -> streams, config.apiKey(), errors);
        metrics.gauge("facemask.model.registry.version", "Registry version of the model being served"
                + " (NaN without a registry or while loading)", Map.of(), this::registryVersion);
        metrics.gauge("facemask.model.loaded.timestamp.seconds", "When the model being served was loaded"
                + " (Unix time; NaN while loading)", Map.of(), this::loadedAt);
        metrics.gauge("facemask.admitted.requests", "Prediction requests being served", Map.of(),
                admission::admitted);
        metrics.gauge("facemask.waiting.requests", "Prediction requests waiting at the door", Map.of(),
                admission::waiting);
        if (log != null) {
            metrics.gauge("facemask.prediction.log.backlog", "Predictions waiting to be committed to the log", Map.of(),
                    log::backlog);
        }
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            // A thread for every request served or waiting at the door, and some for refusals,
            // health and metrics: Jetty's default of 250 would queue requests out of our sight.
            cfg.jetty.threadPool = new QueuedThreadPool(config.maxAdmitted() + config.maxWaiting() + 64, 8, 60_000);
            cfg.http.maxRequestSize = config.maxUploadBytes() + MULTIPART_OVERHEAD;
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(maxRequestBytes, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE,
                    config.maxUploadBytes() + MULTIPART_OVERHEAD), SizeUnit.BYTES);
            // Slow clients: an idle connection is dropped after 30 s instead of holding a thread.
            cfg.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(30_000));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            // A live frame up to the upload limit gets a clear error message on the socket; only
            // one far beyond it is cut off by Jetty (close code 1009, message too big).
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxBinaryMessageSize(config.maxUploadBytes() + MULTIPART_OVERHEAD);
                ws.setIdleTimeout(Duration.ofSeconds(30));
            });
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors()));
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
        });
        app.before(gate::identify);
        // Matched routes only, so the admission decision is made before a handler reads the upload.
        app.beforeMatched(gate::admit);
        app.after(gate::leave);
        app.post("/predict", predictions::predictOriginal, RequestGate.Role.PREDICTION);
        app.post("/v1/predict", predictions::predict, RequestGate.Role.PREDICTION);
        app.post("/v1/predict/batch", predictions::predictBatch, RequestGate.Role.PREDICTION);
        app.post("/v1/annotate", predictions::annotate, RequestGate.Role.PREDICTION);
        app.ws("/v1/stream", socket::configure);
        app.get("/v1/stats", stats::handle);
        app.post("/v1/feedback", feedback::give, RequestGate.Role.KEYED);
        app.get("/v1/feedback", feedback::list, RequestGate.Role.KEYED);
        app.get("/v1/review", feedback::review, RequestGate.Role.KEYED);
        app.get("/v1/images/{request_id}", feedback::image, RequestGate.Role.KEYED);
        app.get("/v1/model", this::model);
        app.get("/docs", ctx -> ctx.redirect("/docs.html"));
        OpenInference v2 = new OpenInference(() -> service, () -> !failed(),
                () -> service != null && !admission.stopping() && !failed(), config.backend().name(),
                config.maxUploadBytes(), MAX_BATCH_FILES);
        app.get("/v2", v2::server);
        app.get("/v2/health/live", v2::live);
        app.get("/v2/health/ready", v2::ready);
        app.get("/v2/models/{name}", v2::model);
        app.get("/v2/models/{name}/ready", v2::modelReady);
        app.post("/v2/models/{name}/infer", v2::infer, RequestGate.Role.PREDICTION);
        app.get("/health/live", this::live);
        app.get("/health/ready", this::ready);
        app.get("/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        errors.register(app);
    }

    /**
     * Loads the model, warms it up and starts serving; returns once the service is ready.
     *
     * @param config the settings
     * @return the running server
     * @throws org.facemask.model.ModelArtifactException if the model cannot be loaded
     */
    public static ServerApp start(ServerConfig config) {
        long start = System.nanoTime();
        // Loading the model (graph export, session, warm-up) takes most of the start-up and needs
        // nothing else: it runs on its own thread while the log is migrated and the HTTP server
        // starts, so readiness comes after the longest of them instead of their sum.
        CompletableFuture<LiveModel> loading = inBackground("model-loader", () -> firstModel(config));
        // Detectors load (and run one blank pass) beside the classifier: both are mostly native work.
        CompletableFuture<FaceDetector> detecting = inBackground("detector-loader",
                () -> config.faceDetection().enabled() ? config.faceDetection().load() : null);
        PredictionLogWriter log = null;
        ServerApp server = null;
        try {
            log = config.predictionLogUrl() == null ? null : PredictionLogWriter.open(config.predictionLogUrl());
            server = new ServerApp(config, log);
            server.app.start(config.host(), config.port());
            LiveModel models = loading.join();
            server.service = new ClassificationService(models, detecting.join(), config, server.metrics, log,
                    server.admission::admitted);
            server.streams = new LiveStreams(models, config, server.admission, server.metrics);
            server.streams.watchCameras(log);
            if (config.modelRegistry() != null) {
                server.watcher = new RegistryWatcher(new ModelRegistry(config.modelRegistry()), models,
                        dir -> LiveModel.loadWarm(dir, config), config.registryPollMillis(), server.metrics);
            }
        } catch (RuntimeException e) {
            if (server != null) {
                server.app.stop();
                if (server.retention != null) {
                    server.retention.close();
                }
            }
            if (log != null) {
                log.close();
            }
            closeWhenLoaded(loading, detecting);
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        LOG.info("serving {} ({}{}) on port {}, faces by {}, JPEGs by {}, logging predictions to {}, retaining"
                + " uploads {}, ready in {} ms",
                config.modelDir() != null ? config.modelDir() : config.modelRegistry() + " version "
                    + server.service.models().info().registryVersion(),
                config.backend(), config.flipAveraging() ? ", flip-averaged" : "", server.port(),
                config.faceDetection().describe(), ImageDecoder.jpegDecoder(),
                log == null ? "nowhere" : log.describe(), config.retainImagesDir() == null ? "nowhere"
                        : "in " + config.retainImagesDir() + " for " + config.retentionDays() + " days",
                (System.nanoTime() - start) / 1_000_000);
        return server;
    }

    /**
     * Loads the model to serve first: the fixed model folder, or the registry's current version.
     *
     * @throws ModelArtifactException if it does not load, or the registry has no current version
     */
    private static LiveModel firstModel(ServerConfig config) {
        if (config.modelRegistry() == null) {
            return new LiveModel(LiveModel.loadWarm(config.modelDir(), config), null);
        }
        ModelRegistry registry = new ModelRegistry(config.modelRegistry());
        String version;
        try {
            version = registry.current().orElseThrow(() -> new ModelArtifactException("model registry "
                    + registry.root() + " has no current version; promote one first (facemask promote MODEL"
                    + " --registry " + registry.root() + ")"));
        } catch (IOException e) {
            throw new ModelArtifactException("cannot read the pointer of model registry " + registry.root() + ": "
                    + e.getMessage(), e);
        }
        return new LiveModel(LiveModel.loadWarm(registry.versionDir(version), config), version);
    }

    /** After a failed start: closes the model and the detectors once they have loaded, if they do. */
    // Nothing waits for these: the start's own exception is what the caller gets.
    @SuppressWarnings("FutureReturnValueIgnored")
    private static void closeWhenLoaded(CompletableFuture<LiveModel> loading,
            CompletableFuture<FaceDetector> detecting) {
        loading.thenAccept(LiveModel::close);
        detecting.thenAccept(d -> {
            if (d != null) {
                d.close();
            }
        });
    }

    /** Runs {@code task} on a daemon thread of its own; the future carries its result or failure. */
    private static <T> CompletableFuture<T> inBackground(String name, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Returns the port the server listens on. */
    public int port() {
        return app.port();
    }

    /**
     * Graceful stop within the configured shutdown timeout: readiness turns 503 and new
     * predictions are refused with 503, predictions in flight finish, Jetty closes the connections
     * (those still open when the time is up are cut), then inference, the model and the log stop
     * with what is left of the budget. Safe to call more than once; a step that fails does not
     * keep the later ones from running.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdownTimeoutMillis() * 1_000_000L;
        try {
            if (!admission.stopAndAwaitIdle(deadline)) {
                LOG.warn("{} predictions still in flight when the shutdown budget ran out", admission.admitted());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Jetty's graceful stop waits for open connections: what is left of the budget, at least
        // a moment for the answers just written to leave.
        app.jettyServer().server().setStopTimeout(Math.max(200, (deadline - System.nanoTime()) / 1_000_000));
        stopStep("HTTP server", app::stop);
        LiveStreams live = streams;
        if (live != null) {
            stopStep("live streams", live::close);
        }
        RegistryWatcher watching = watcher;
        if (watching != null) {
            stopStep("model registry watcher", watching::close);
        }
        ClassificationService loaded = service;
        if (loaded != null) {
            stopStep("inference", () -> loaded.close(deadline));
            stopStep("model", loaded.models()::close);
        }
        if (retention != null) {
            stopStep("retention sweeper", retention::close);
        }
        if (log != null) {
            stopStep("prediction log", () -> log.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
    }

    /** Runs one step of the stop; one that throws is logged and does not keep the others from running. */
    private static void stopStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            // E.g. a client holding a connection past the stop timeout makes Jetty's stop() throw
            // although the server is stopped: the model and the log must still be freed.
            LOG.warn("stopping the {}: {}", what, e.toString());
        }
    }

    private void live(Context ctx) {
        if (failed()) {
            // Nothing brings back a dead inference worker or log writer but a restart: let the
            // orchestrator do it.
            ctx.status(503).json(Map.of("status", "failed"));
        } else {
            ctx.json(Map.of("status", "live"));
        }
    }

    private void ready(Context ctx) {
        ClassificationService loaded = service;
        if (admission.stopping()) {
            ctx.status(503).json(Map.of("status", "stopping"));
        } else if (loaded == null) {
            ctx.status(503).json(Map.of("status", "loading"));
        } else if (failed()) {
            ctx.status(503).json(Map.of("status", "failed"));
        } else {
            ctx.json(Map.of("status", "ready", "model", loaded.models().info().metadata().name()));
        }
    }

    /** {@code GET /v1/model}: which model answers now. */
    private void model(Context ctx) {
        ClassificationService loaded = service;
        if (loaded == null) {
            throw new ServiceException(ServiceException.Reason.NOT_READY, "the model is still loading; retry shortly");
        }
        ctx.json(ApiResponses.ModelDescription.of(loaded.models().info(), config.backend().name()));
    }

    private double registryVersion() {
        ClassificationService loaded = service;
        String version = loaded == null ? null : loaded.models().info().registryVersion();
        return version == null ? Double.NaN : Double.parseDouble(version);
    }

    private double loadedAt() {
        ClassificationService loaded = service;
        return loaded == null ? Double.NaN : loaded.models().info().loadedAt().toEpochMilli() / 1000.0;
    }

    /** Whether a part the service cannot answer without has died: inference, or the log writer. */
    private boolean failed() {
        ClassificationService loaded = service;
        return !admission.stopping() && ((loaded != null && !loaded.healthy()) || (log != null && !log.healthy()));
    }
}
