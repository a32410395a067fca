package org.facemask.serving;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.facemask.data.DecodedImage;
import org.facemask.data.ImageDecoder;
import org.facemask.data.ImageDecodingException;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;

/**
 * Turns uploaded bytes into a prediction: decodes with the pixel limit (read from the header
 * before any pixel is decoded) and subsampling for large photos, then waits for the batcher.
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

    ClassificationService(MaskClassifier classifier, ServerConfig config, ServingMetrics metrics) {
        this.classifier = classifier;
        this.metrics = metrics;
        this.decoder = new ImageDecoder(config.maxPixels());
        this.batcher = new MicroBatcher<>(classifier::predict, metrics::batch, config.batchSize(),
                config.batchWaitMillis(), config.queueCapacity());
        this.requestTimeoutMillis = config.requestTimeoutMillis();
        // Decode at least twice the model input: enough for a clean downscale, far less than 12 MP.
        this.minShortSide = 2 * classifier.preprocessor().size();
        metrics.gauge("facemask.inference.queue", "Images waiting for inference", Map.of(), batcher::queued);
    }

    /** Returns the classifier being served. */
    MaskClassifier classifier() {
        return classifier;
    }

    /**
     * Classifies one upload.
     *
     * @param bytes the uploaded file
     * @return the prediction with what was measured on the way
     * @throws ApiException with the right status for empty, non-image, corrupt or huge uploads,
     *     a full queue or a timeout
     */
    Classified classify(byte[] bytes) {
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
        metrics.prediction(prediction.label(), prediction.confidence());
        return new Classified(prediction, image, (decoded - start) / 1e6, (System.nanoTime() - decoded) / 1e6);
    }

    @Override
    public void close() {
        batcher.close();
    }
}
