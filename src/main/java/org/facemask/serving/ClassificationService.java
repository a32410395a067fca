package org.facemask.serving;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.facemask.data.DecodedImage;
import org.facemask.data.ImageDecoder;
import org.facemask.data.ImageDecodingException;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelMetadata;
import org.facemask.model.Prediction;
import org.facemask.monitoring.ImageFeatures;
import org.facemask.monitoring.PredictionLog;
import org.facemask.monitoring.PredictionRecord;

/**
 * Turns uploaded bytes into a prediction: decodes with the pixel limit (read from the header
 * before any pixel is decoded) and subsampling for large photos, waits for the batcher, then,
 * when a prediction log is configured, waits until the record is committed: an answered
 * prediction is a logged one.
 */
final class ClassificationService implements AutoCloseable {

    /**
     * One classified upload.
     *
     * @param prediction the classifier's answer
     * @param image what the upload was (format, source size)
     * @param decodeMillis time spent decoding and checking the upload
     * @param inferenceMillis time from queueing to prediction (batch wait included)
     */
    record Classified(Prediction prediction, DecodedImage image, double decodeMillis, double inferenceMillis) {}

    private final MaskClassifier classifier;
    private final ImageDecoder decoder;
    private final MicroBatcher<BufferedImage, Prediction> batcher;
    private final ServingMetrics metrics;
    private final int requestTimeoutMillis;
    private final int minShortSide;
    private final PredictionLog log;

    /**
     * @param log where every prediction is recorded, or null for none; not closed here
     */
    ClassificationService(MaskClassifier classifier, ServerConfig config, ServingMetrics metrics, PredictionLog log) {
        this.classifier = classifier;
        this.metrics = metrics;
        this.log = log;
        this.decoder = new ImageDecoder(config.maxPixels());
        this.batcher = new MicroBatcher<>(classifier::predict, metrics::batch, config.batchSize(),
                config.batchWaitMillis(), config.queueCapacity(), config.inferenceWorkers());
        this.requestTimeoutMillis = config.requestTimeoutMillis();
        this.minShortSide = classifier.preprocessor().decodeShortSide();
        metrics.gauge("facemask.inference.queue", "Images waiting for inference", Map.of(), batcher::queued);
    }

    /** Returns the classifier being served. */
    MaskClassifier classifier() {
        return classifier;
    }

    /**
     * Classifies one upload and logs it.
     *
     * @param bytes the uploaded file
     * @param request where it came from, for the log
     * @return the prediction with what was measured on the way
     * @throws ApiException with the right status for empty, non-image, corrupt or huge uploads,
     *     a full queue, a timeout or a log that cannot take the record
     */
    Classified classify(byte[] bytes, RequestInfo request) {
        if (bytes.length == 0) {
            throw new ApiException(400, "empty_file", "the uploaded file is empty");
        }
        long start = System.nanoTime();
        DecodedImage image;
        try {
            image = decoder.decode(bytes, minShortSide);
        } catch (ImageDecodingException e) {
            throw switch (e.reason()) {
                case NOT_AN_IMAGE -> new ApiException(415, "unsupported_media_type", e.getMessage());
                case TOO_LARGE -> new ApiException(413, "image_too_large", e.getMessage());
                case CORRUPT -> new ApiException(422, "corrupt_image", e.getMessage());
            };
        }
        long decoded = System.nanoTime();
        Prediction prediction;
        try {
            prediction = batcher.submit(image.rgb()).get(requestTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(503, "timeout", "no prediction within " + requestTimeoutMillis + " ms; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "shutting_down", "the service is stopping");
        } catch (ExecutionException e) {
            throw new IllegalStateException("inference failed", e.getCause());
        }
        Classified classified = new Classified(prediction, image, (decoded - start) / 1e6,
                (System.nanoTime() - decoded) / 1e6);
        if (log != null) {
            record(classified, bytes.length, request);
        }
        // Counted once answered: the metrics and the log agree.
        metrics.prediction(prediction.label(), prediction.confidence());
        return classified;
    }

    /**
     * Where a prediction was asked for.
     *
     * @param endpoint the route, e.g. {@code /predict}
     * @param requestId the request id
     * @param startNanos when the request started ({@link System#nanoTime()})
     */
    record RequestInfo(String endpoint, String requestId, long startNanos) {}

    private void record(Classified c, long bytes, RequestInfo request) {
        ModelMetadata meta = classifier.metadata();
        Prediction p = c.prediction();
        PredictionRecord record = new PredictionRecord(Instant.now(), request.requestId(), request.endpoint(),
                meta.name(), meta.createdAt() != null ? meta.createdAt() : "unknown", p.label(), p.confidence(),
                p.probabilities(), (System.nanoTime() - request.startNanos()) / 1e6, ImageFeatures.of(c.image(), bytes));
        try {
            log.append(record).get(requestTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Not logged means not acknowledged: the client retries instead of a record going missing.
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ApiException(503, "prediction_log_unavailable", "the prediction could not be logged: "
                    + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "shutting_down", "the service is stopping");
        }
    }

    @Override
    public void close() {
        batcher.close();
    }
}
