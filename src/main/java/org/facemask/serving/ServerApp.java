package org.facemask.serving;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.facemask.data.ImageDecoder;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelMetadata;
import org.facemask.model.Prediction;
import org.facemask.monitoring.PeopleCount;
import org.facemask.monitoring.PredictionLog;
import org.facemask.monitoring.PredictionLogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service: one {@code Javalin.create} with every route; handlers are short and call
 * {@link ClassificationService}; errors are {@link ApiException}s mapped in one place.
 */
public final class ServerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerApp.class);
    private static final String START_NANOS = "facemask.start";
    private static final String REQUEST_ID = "facemask.requestId";
    private static final String COUNTED = "facemask.counted";
    // Multipart framing around the file part; uploads may exceed the file limit by this much.
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final ServerConfig config;
    // A batch request may carry many files; the whole body is bounded too.
    private final long maxRequestBytes;
    private final ServingMetrics metrics = new ServingMetrics();
    // Set once the model is loaded and warmed up; the HTTP server is already listening before that.
    private volatile ClassificationService service;
    private final PredictionLog log;
    private final StatsHandler stats;
    private final Javalin app;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    private ServerApp(ServerConfig config, PredictionLog log) {
        this.config = config;
        this.log = log;
        this.maxRequestBytes = 32 * (config.maxUploadBytes() + MULTIPART_OVERHEAD);
        this.stats = new StatsHandler(log);
        if (log != null) {
            metrics.gauge("facemask.prediction.log.backlog", "Predictions waiting to be committed to the log", Map.of(),
                    log::backlog);
        }
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxUploadBytes() + MULTIPART_OVERHEAD;
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(maxRequestBytes, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE,
                    config.maxUploadBytes() + MULTIPART_OVERHEAD), SizeUnit.BYTES);
            // Slow clients: an idle connection is dropped after 30 s instead of holding a thread.
            cfg.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(30_000));
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
        });
        app.before(this::beforeRequest);
        app.after(this::afterRequest);
        app.post("/predict", this::predictOriginal);
        app.post("/v1/predict", this::predict);
        app.post("/v1/predict/batch", this::predictBatch);
        app.post("/v1/annotate", this::annotate);
        app.get("/v1/stats", stats::handle);
        app.get("/docs", ctx -> ctx.redirect("/docs.html"));
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/health/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(PredictionLogException.class, (e, ctx) -> {
            LOG.warn("prediction log unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "prediction_log_unavailable", "the prediction log cannot be read right now; retry");
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "unexpected server error; the request id is " + ctx.attribute(REQUEST_ID));
        });
        app.error(404, ctx -> error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path()));
        app.error(405, ctx -> error(ctx, 405, "method_not_allowed", "method " + ctx.method() + " not allowed here"));
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
        CompletableFuture<MaskClassifier> loading = inBackground("model-loader", () -> {
            MaskClassifier classifier = MaskClassifier.load(config.modelDir(), config.backend(),
                    config.inferenceWorkers()).withFlipAveraging(config.flipAveraging());
            // The first inference allocates and plans; do it before the first user waits for it.
            classifier.predict(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
            return classifier;
        });
        // Detectors load (and run one blank pass) beside the classifier: both are mostly native work.
        CompletableFuture<FaceDetector> detecting = inBackground("detector-loader",
                () -> config.faceDetection().enabled() ? config.faceDetection().load() : null);
        PredictionLog log = null;
        ServerApp server = null;
        try {
            log = config.predictionLogUrl() == null ? null : PredictionLog.open(config.predictionLogUrl());
            server = new ServerApp(config, log);
            server.app.start(config.host(), config.port());
            server.service = new ClassificationService(loading.join(), detecting.join(), config, server.metrics, log);
        } catch (RuntimeException e) {
            if (server != null) {
                server.app.stop();
            }
            if (log != null) {
                log.close();
            }
            loading.thenAccept(MaskClassifier::close);
            detecting.thenAccept(d -> {
                if (d != null) {
                    d.close();
                }
            });
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        LOG.info("serving {} ({}{}) on port {}, faces by {}, JPEGs by {}, logging predictions to {}, ready in {} ms",
                config.modelDir(), config.backend(), config.flipAveraging() ? ", flip-averaged" : "", server.port(),
                config.faceDetection().describe(), ImageDecoder.jpegDecoder(),
                log == null ? "nowhere" : log.describe(),
                (System.nanoTime() - start) / 1_000_000);
        return server;
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
     * (those still open when the time is up are cut), then the model and the log are freed.
     */
    @Override
    public void close() {
        stopping = true;
        long deadline = System.nanoTime() + config.shutdownTimeoutMillis() * 1_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Jetty's graceful stop waits for open connections: what is left of the budget, at least
        // a moment for the answers just written to leave.
        app.jettyServer().server().setStopTimeout(Math.max(200, (deadline - System.nanoTime()) / 1_000_000));
        try {
            app.stop();
        } catch (RuntimeException e) {
            // A client holding a connection open past the stop timeout makes stop() throw although
            // the server is stopped. The predictions were drained above: free the model and the log.
            LOG.warn("HTTP server stopped with connections still open: {}", e.toString());
        }
        if (service != null) {
            service.close();
            service.classifier().close();
        }
        if (log != null) {
            log.close();
        }
    }

    private void beforeRequest(Context ctx) {
        ctx.attribute(START_NANOS, System.nanoTime());
        String id = ctx.header("X-Request-Id");
        // Echo a caller's id only if it is short and plain; otherwise make one.
        String requestId = id != null && id.matches("[A-Za-z0-9._-]{1,64}") ? id : UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, requestId);
        ctx.header("X-Request-Id", requestId);
        boolean prediction = ctx.path().equals("/predict") || ctx.path().startsWith("/v1/");
        if (!prediction) {
            return;
        }
        if (config.apiKey() != null && !keyMatches(ctx.header("X-API-Key"))) {
            throw new ApiException(401, "unauthorized", "missing or wrong X-API-Key header");
        }
        if (stopping) {
            throw new ApiException(503, "shutting_down", "the service is stopping; retry on another instance");
        }
        inFlight.incrementAndGet();
        ctx.attribute(COUNTED, Boolean.TRUE);
    }

    private void afterRequest(Context ctx) {
        if (ctx.attribute(COUNTED) != null) {
            inFlight.decrementAndGet();
        }
        Long start = ctx.attribute(START_NANOS);
        String route = ctx.endpointHandlerPath();
        metrics.request(route == null || route.isEmpty() || ctx.status().getCode() == 404 ? "NOT_FOUND" : route,
                ctx.status().getCode(), start == null ? 0 : System.nanoTime() - start);
    }

    private boolean keyMatches(String given) {
        // Constant-time comparison: the answer time must not leak how much of the key matched.
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                config.apiKey().getBytes(StandardCharsets.UTF_8));
    }

    private void ready(Context ctx) {
        ClassificationService loaded = service;
        if (stopping) {
            ctx.status(503).json(Map.of("status", "stopping"));
        } else if (loaded == null) {
            ctx.status(503).json(Map.of("status", "loading"));
        } else {
            ctx.json(Map.of("status", "ready", "model", loaded.classifier().metadata().name()));
        }
    }

    /** The classification service, or 503 while the model is still loading. */
    private ClassificationService service() {
        ClassificationService loaded = service;
        if (loaded == null) {
            throw new ApiException(503, "not_ready", "the model is still loading; retry shortly");
        }
        return loaded;
    }

    /**
     * The original contract: exactly two probabilities of the whole image, e.g.
     * {"mask": 0.87, "no_mask": 0.13}, whatever the model's classes (see {@link Prediction#maskOrNot()}).
     */
    private void predictOriginal(Context ctx) {
        ctx.json(service().classify(readUploads(ctx).get(0).bytes(), requestInfo(ctx), false).prediction()
                .maskOrNot());
    }

    private void predict(Context ctx) {
        long start = ctx.attribute(START_NANOS);
        ctx.json(describe(service().classify(readUploads(ctx).get(0).bytes(), requestInfo(ctx), true), ctx, start));
    }

    /** The upload with every face boxed and labelled, as JPEG; the findings in headers. */
    private void annotate(Context ctx) {
        byte[] bytes = readUploads(ctx).get(0).bytes();
        ClassificationService.Classified c = service().classify(bytes, requestInfo(ctx), true);
        ctx.header("X-Faces", String.valueOf(c.people().faces()));
        Double compliance = compliance(c.people());
        if (compliance != null) {
            ctx.header("X-Compliance", String.valueOf(compliance));
        }
        ctx.contentType("image/jpeg").result(Annotator.jpeg(c));
    }

    private ClassificationService.RequestInfo requestInfo(Context ctx) {
        return new ClassificationService.RequestInfo(ctx.endpointHandlerPath(), ctx.attribute(REQUEST_ID),
                ctx.attribute(START_NANOS));
    }

    private void predictBatch(Context ctx) {
        long start = ctx.attribute(START_NANOS);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Upload upload : readUploads(ctx)) {
            try {
                Map<String, Object> result = describe(service().classify(upload.bytes(), requestInfo(ctx), true), ctx,
                        start);
                result.put("file", upload.name());
                results.add(result);
            } catch (ApiException e) {
                // One bad file fails alone; the others still get their answer.
                metrics.error(e.code());
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("file", upload.name());
                failed.put("error", e.code());
                failed.put("message", e.getMessage());
                failed.put("status", e.status());
                results.add(failed);
            }
        }
        String requestId = ctx.attribute(REQUEST_ID);
        ctx.json(Map.of("request_id", requestId, "results", results));
    }

    private Map<String, Object> describe(ClassificationService.Classified c, Context ctx, long start) {
        MaskClassifier classifier = service().classifier();
        ModelMetadata meta = classifier.metadata();
        Prediction p = c.prediction();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", p.label());
        body.put("confidence", p.confidence());
        body.put("probabilities", p.probabilities());
        body.put("model", Map.of("name", meta.name(), "version", meta.createdAt(), "backend", config.backend(),
                "flip_average", classifier.flipAveraging()));
        body.put("image", Map.of("width", c.image().width(), "height", c.image().height(),
                "format", c.image().format()));
        if (c.faces() != null) {
            body.put("faces", c.faces().stream().map(ServerApp::describe).toList());
            body.put("summary", summary(c.people()));
        }
        body.put("timings_ms", Map.of("decode", round(c.decodeMillis()), "inference", round(c.inferenceMillis()),
                "total", round((System.nanoTime() - start) / 1e6)));
        body.put("request_id", ctx.attribute(REQUEST_ID));
        return body;
    }

    private static Map<String, Object> describe(ClassificationService.Face face) {
        DetectedFace b = face.box();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> box = new LinkedHashMap<>();
        box.put("x1", (int) Math.floor(b.x1()));
        box.put("y1", (int) Math.floor(b.y1()));
        box.put("x2", (int) Math.ceil(b.x2()));
        box.put("y2", (int) Math.ceil(b.y2()));
        out.put("box", box);
        out.put("label", face.prediction().label());
        out.put("confidence", face.prediction().confidence());
        out.put("probabilities", face.prediction().probabilities());
        out.put("detector_score", Math.round(b.score() * 1000) / 1000.0);
        return out;
    }

    private record Upload(String name, byte[] bytes) {}

    /** Reads every {@code file} part, refusing wrong content types and oversized bodies early. */
    private List<Upload> readUploads(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            throw new ApiException(415, "unsupported_media_type",
                    "send multipart/form-data with the image in a field named 'file'");
        }
        long declared = ctx.contentLength();
        if (declared > maxRequestBytes) {
            throw new ApiException(413, "payload_too_large", "request of " + declared + " bytes is over the limit");
        }
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles("file");
        } catch (IllegalStateException e) {
            // Jetty's multipart parser enforces the size limits while streaming the body.
            throw new ApiException(413, "payload_too_large", "upload is over the limit of " + config.maxUploadBytes()
                    + " bytes");
        } catch (RuntimeException e) {
            throw new ApiException(400, "bad_multipart", "malformed multipart body: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ApiException(400, "missing_file", "no file in the form field 'file'");
        }
        List<Upload> uploads = new ArrayList<>(files.size());
        for (UploadedFile file : files) {
            if (file.size() > config.maxUploadBytes()) {
                throw new ApiException(413, "payload_too_large", "file is over the limit of "
                        + config.maxUploadBytes() + " bytes");
            }
            try (InputStream in = file.content()) {
                uploads.add(new Upload(file.filename(), in.readAllBytes()));
            } catch (IOException e) {
                throw new ApiException(400, "upload_failed", "could not read the upload: " + e.getMessage());
            }
        }
        return uploads;
    }

    private void error(Context ctx, int status, String code, String message) {
        metrics.error(code);
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        ctx.status(status).json(body);
    }

    /** What an operator wants from one image: how many people, how many wear a mask properly. */
    private static Map<String, Object> summary(PeopleCount people) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("faces", people.faces());
        out.put("masked", people.masked());
        out.put("unmasked", people.unmasked());
        out.put("incorrect", people.incorrect());
        out.put("compliance", compliance(people));
        out.put("basis", people.faces() > 0 ? "faces" : "whole_image");
        return out;
    }

    /**
     * The share of people masked properly, to 3 decimals; null when nobody was counted (no face
     * found): no compliance rather than a made-up 0 or 1.
     */
    private static Double compliance(PeopleCount people) {
        return people.people() == 0 ? null : Math.round(people.compliance() * 1000) / 1000.0;
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}
