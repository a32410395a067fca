package org.facemask.serving.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.facemask.model.ModelMetadata;
import org.facemask.model.Prediction;
import org.facemask.serving.ClassificationService;
import org.facemask.serving.ImageRetention;
import org.facemask.serving.ServiceException;

/** The prediction routes: short handlers that read the upload, call the service and shape the answer. */
final class PredictionHandlers {

    private final Supplier<ClassificationService> service;
    private final UploadReader uploads;
    private final HttpErrors errors;
    private final String backend;
    private final ImageRetention retention;

    /**
     * @param service the service, or null while the model is still loading
     * @param uploads reads the multipart uploads
     * @param errors maps a batch file's failure to its status
     * @param backend the inference backend's name, for the answers
     * @param retention keeps each classified single upload, or null when uploads are not kept
     */
    PredictionHandlers(Supplier<ClassificationService> service, UploadReader uploads, HttpErrors errors,
            String backend, ImageRetention retention) {
        this.service = service;
        this.uploads = uploads;
        this.errors = errors;
        this.backend = backend;
        this.retention = retention;
    }

    /**
     * {@code POST /predict}, the original contract: exactly two probabilities of the whole image,
     * e.g. {"mask": 0.87, "no_mask": 0.13}, whatever the model's classes (see {@link Prediction#maskOrNot()}).
     */
    void predictOriginal(Context ctx) {
        ctx.json(classifyUpload(ctx, false).prediction().maskOrNot());
    }

    /** {@code POST /v1/predict}: the class, the faces and the summary, with timings. */
    void predict(Context ctx) {
        ctx.json(describe(ctx, classifyUpload(ctx, true)));
    }

    /** {@code POST /v1/predict/batch}: one answer per file; a bad file fails alone. */
    void predictBatch(Context ctx) {
        List<Object> results = new ArrayList<>();
        for (UploadReader.Upload upload : uploads.all(ctx)) {
            try {
                results.add(describe(ctx, classify(ctx, upload.bytes(), true)).forFile(upload.name()));
            } catch (ServiceException e) {
                HttpErrors.Status status = HttpErrors.of(e);
                errors.count(status);
                results.add(new ApiResponses.FailedFile(upload.name(), status.error(), e.getMessage(), status.code()));
            }
        }
        ctx.json(new ApiResponses.Batch(RequestGate.requestId(ctx), results));
    }

    /** {@code POST /v1/annotate}: the upload with every face boxed and labelled, as JPEG; the findings in headers. */
    void annotate(Context ctx) {
        ClassificationService.Classified c = classifyUpload(ctx, true);
        ctx.header("X-Faces", String.valueOf(c.people().faces()));
        Double compliance = ApiResponses.compliance(c.people());
        if (compliance != null) {
            ctx.header("X-Compliance", String.valueOf(compliance));
        }
        ctx.contentType("image/jpeg").result(Annotator.jpeg(c));
    }

    /**
     * Reads the one upload and classifies it; the answer's {@code Server-Timing} header says where
     * the time went, stage by stage (browsers' developer tools and curl -v show it).
     */
    private ClassificationService.Classified classifyUpload(Context ctx, boolean findFaces) {
        byte[] bytes = uploads.first(ctx).bytes();
        double upload = (System.nanoTime() - RequestGate.startNanos(ctx)) / 1e6;
        ClassificationService.Classified c = classify(ctx, bytes, findFaces);
        if (retention != null) {
            // Only what was classified, so that every kept upload has its logged prediction.
            retention.retain(RequestGate.requestId(ctx), bytes);
        }
        ClassificationService.Stages t = c.stages();
        ctx.header("Server-Timing", String.format(Locale.ROOT, "upload;dur=%.2f, decode;dur=%.2f, detection;dur=%.2f,"
                + " queue;dur=%.2f, inference;dur=%.2f, log;dur=%.2f", upload, t.decode(), t.detection(), t.queue(),
                t.inference(), t.log()));
        return c;
    }

    private ClassificationService.Classified classify(Context ctx, byte[] bytes, boolean findFaces) {
        return loaded().classify(bytes, new ClassificationService.RequestInfo(ctx.endpointHandlerPath(),
                RequestGate.requestId(ctx), RequestGate.startNanos(ctx)), findFaces);
    }

    private ClassificationService loaded() {
        ClassificationService loaded = service.get();
        if (loaded == null) {
            throw new ServiceException(ServiceException.Reason.NOT_READY, "the model is still loading; retry shortly");
        }
        return loaded;
    }

    private ApiResponses.Classification describe(Context ctx, ClassificationService.Classified c) {
        ModelMetadata meta = c.model().metadata();
        Prediction p = c.prediction();
        return new ApiResponses.Classification(p.label(), p.confidence(), p.probabilities(),
                new ApiResponses.Model(meta.name(), meta.createdAt(), c.model().registryVersion(), backend,
                        c.model().flipAveraging()),
                new ApiResponses.Image(c.image().width(), c.image().height(), c.image().format()),
                c.faces() == null ? null : c.faces().stream().map(ApiResponses.Face::of).toList(),
                c.faces() == null ? null : ApiResponses.Summary.of(c.people()),
                ApiResponses.Timings.of(c.stages(), (System.nanoTime() - RequestGate.startNanos(ctx)) / 1e6),
                RequestGate.requestId(ctx), null);
    }
}
