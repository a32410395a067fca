package org.facemask.serving;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.FaceDetector;
import org.facemask.detection.PeopleCount;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelMetadata;
import org.facemask.model.Prediction;
import org.facemask.monitoring.ImageFeatures;
import org.facemask.monitoring.LoggedFace;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.monitoring.PredictionRecord;

/**
 * Turns uploaded bytes into a prediction: decodes with the pixel limit (read from the header
 * before any pixel is decoded) and subsampling for large photos, waits for the batcher, then,
 * when a prediction log is configured, waits until the record is committed: an answered
 * prediction is a logged one. Failures are {@link ServiceException}s; what they mean in HTTP is
 * the web layer's business.
 */
public final class ClassificationService {

    /**
     * One classified upload.
     *
     * @param prediction the classifier's answer
     * @param image what the upload was (format, source size)
     * @param faces the faces found and their classifications; null when no detection ran
     * @param people the people counted, when faces were asked for (null otherwise): the faces
     *     found, none when no face was found
     * @param stages where the time went
     * @param model the model that answered: one model answers every image of a request
     */
    public record Classified(Prediction prediction, DecodedImage image, List<Face> faces, PeopleCount people,
                             Stages stages, LiveModel.Info model) {}

    /**
     * Where one upload's time went, in ms, stage by stage.
     *
     * @param decode waiting for a core, checking and decoding the upload (subsampled to what
     *     the model needs)
     * @param detection finding faces and cropping them (0 when no detection ran)
     * @param queue waiting for a batch to start, the batch wait included
     * @param inference running the batches: resizing, normalising and the model
     * @param log waiting for the prediction log to commit the record (0 without a log)
     */
    public record Stages(double decode, double detection, double queue, double inference, double log) {

        Stages withLog(double millis) {
            return new Stages(decode, detection, queue, inference, millis);
        }
    }

    /** A batch's output for one input, with when the batch ran ({@link System#nanoTime()} clock). */
    private record Timed(Prediction prediction, long startNanos, long endNanos) {}

    /**
     * One image to classify, and the model its request holds: a decoded image, or (from an Open
     * Inference Protocol {@code FP32} input) one already resized and normalised, CHW.
     */
    @SuppressWarnings("ArrayRecordComponent") // a queue entry, never compared or hashed
    private record Input(BufferedImage image, float[] tensor, MaskClassifier classifier) {

        Input(BufferedImage image, MaskClassifier classifier) {
            this(image, null, classifier);
        }
    }

    /**
     * The answers to preprocessed inputs.
     *
     * @param predictions one per image, in order
     * @param model the model that answered
     */
    public record TensorPredictions(List<Prediction> predictions, LiveModel.Info model) {}

    /**
     * One face found in an upload and its classification.
     *
     * @param box where, in the upload's own pixels, with the detector's scores
     * @param prediction the classifier's answer on the crop
     */
    public record Face(DetectedFace box, Prediction prediction) {}

    // Scenes are decoded with at least this short side (when the upload has it) so that small
    // faces keep enough pixels for the detector; whole-image classification alone needs far fewer.
    private static final int DETECTION_SHORT_SIDE = 720;

    private final LiveModel models;
    private final ImageDecoder decoder;
    private final MicroBatcher<Input, Timed> batcher;
    private final ServingMetrics metrics;
    private final int requestTimeoutMillis;
    private final PredictionLogWriter log;
    private final FaceDetector detector;
    private final int chunk;
    // Decoding, detection and cropping are CPU work: as many at once as there are cores, so that
    // admitted requests queue here instead of slicing the cores ever thinner.
    private final Semaphore cpuSlots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    /**
     * @param models the model served, and its successors; not closed here
     * @param detector finds faces for {@code findFaces} requests, or null for none; closed with this service
     * @param log where every prediction is recorded, or null for none; not closed here
     * @param inFlight how many requests are being served (e.g. {@link Admission#admitted()}): a
     *     batch waits for company only while some of them have not reached the batcher yet
     */
    public ClassificationService(LiveModel models, FaceDetector detector, ServerConfig config,
            ServingMetrics metrics, PredictionLogWriter log, IntSupplier inFlight) {
        this(models, MaskClassifier::predict, detector, config, metrics, log, inFlight);
    }

    /** As the public constructor, with what runs a batch given apart (tests make it fail). */
    ClassificationService(LiveModel models, BiFunction<MaskClassifier, List<BufferedImage>, List<Prediction>> inference,
            FaceDetector detector, ServerConfig config, ServingMetrics metrics, PredictionLogWriter log,
            IntSupplier inFlight) {
        this.models = models;
        this.detector = detector;
        this.metrics = metrics;
        this.log = log;
        this.decoder = new ImageDecoder(config.maxPixels());
        this.batcher = new MicroBatcher<>(timed(inference), metrics::batch, inFlight, config.batchSize(),
                config.batchWaitMillis(), config.queueCapacity(), config.inferenceWorkers());
        this.requestTimeoutMillis = config.requestTimeoutMillis();
        // A chunk is queued all or none: never more than the queue holds.
        this.chunk = Math.min(config.batchSize(), config.queueCapacity());
        metrics.gauge("facemask.inference.queue", "Images waiting for inference", Map.of(), batcher::queued);
    }

    /**
     * Runs a batch, split into runs of inputs for the same model: during a swap a batch may mix
     * requests that hold the old model with requests that hold the new one.
     */
    private static Function<List<Input>, List<Timed>> timed(
            BiFunction<MaskClassifier, List<BufferedImage>, List<Prediction>> inference) {
        return inputs -> {
            List<Timed> out = new ArrayList<>(inputs.size());
            for (int from = 0; from < inputs.size(); ) {
                MaskClassifier classifier = inputs.get(from).classifier();
                boolean preprocessed = inputs.get(from).tensor() != null;
                int to = from + 1;
                while (to < inputs.size() && inputs.get(to).classifier() == classifier
                        && (inputs.get(to).tensor() != null) == preprocessed) {
                    to++;
                }
                long start = System.nanoTime();
                List<Input> run = inputs.subList(from, to);
                List<Prediction> predictions = preprocessed ? predictPreprocessed(classifier, run)
                        : inference.apply(classifier, run.stream().map(Input::image).toList());
                long end = System.nanoTime();
                predictions.forEach(p -> out.add(new Timed(p, start, end)));
                from = to;
            }
            return out;
        };
    }

    /** Runs preprocessed inputs of one model as one batch. */
    private static List<Prediction> predictPreprocessed(MaskClassifier classifier, List<Input> run) {
        int plane = run.get(0).tensor().length;
        float[] batch = new float[run.size() * plane];
        for (int i = 0; i < run.size(); i++) {
            System.arraycopy(run.get(i).tensor(), 0, batch, i * plane, plane);
        }
        return classifier.predictPreprocessed(batch, run.size());
    }

    /** Returns the model being served, which may be swapped while serving. */
    public LiveModel models() {
        return models;
    }

    /** Returns false once inference can no longer answer (its worker died). */
    public boolean healthy() {
        return batcher.healthy();
    }

    /**
     * Classifies one upload and logs it.
     *
     * @param bytes the uploaded file
     * @param request where it came from, for the log
     * @param findFaces also find the faces and classify each (when a detector is configured)
     * @return the prediction with what was measured on the way; {@code faces} is null when no
     *     detection ran
     * @throws ServiceException for empty, non-image, corrupt or huge uploads, a full queue, a
     *     timeout, a stop, or a log that cannot take the record
     */
    public Classified classify(byte[] bytes, RequestInfo request, boolean findFaces) {
        if (bytes.length == 0) {
            throw new ServiceException(ServiceException.Reason.EMPTY_IMAGE, "the uploaded file is empty");
        }
        // The model current now answers the whole request, even if another replaces it meanwhile.
        try (LiveModel.Lease lease = acquireModel()) {
            return classify(bytes, request, findFaces, lease);
        }
    }

    /**
     * Classifies images that are already resized and normalised as the model's preprocessor does
     * it, through the same batcher as uploads. They are counted in the metrics but not written to
     * the prediction log, which describes each image by its upload (format, size, colours).
     *
     * @param data {@code n} CHW images of the model's input size, one after another
     * @param n how many
     * @return one prediction per image, and the model that answered
     * @throws ServiceException {@code INVALID_INPUT} when the data does not hold {@code n} images of
     *     the model's size; as {@link #classify} for a full queue, a timeout or a stop
     */
    public TensorPredictions classifyPreprocessed(float[] data, int n) {
        try (LiveModel.Lease lease = acquireModel()) {
            MaskClassifier classifier = lease.classifier();
            int size = classifier.preprocessor().size();
            int plane = 3 * size * size;
            if (n < 1 || data.length != (long) n * plane) {
                throw new ServiceException(ServiceException.Reason.INVALID_INPUT, "the model takes images of 3 x "
                        + size + " x " + size + " values; got " + data.length + " values for " + n + " images");
            }
            List<Input> inputs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                inputs.add(new Input(null, Arrays.copyOfRange(data, i * plane, (i + 1) * plane), classifier));
            }
            List<Prediction> predictions = predictAll(inputs).stream().map(Timed::prediction).toList();
            predictions.forEach(p -> metrics.prediction(p.label(), p.confidence()));
            return new TensorPredictions(predictions, lease.info());
        }
    }

    private LiveModel.Lease acquireModel() {
        try {
            return models.acquire();
        } catch (IllegalStateException e) {
            throw new ServiceException(ServiceException.Reason.STOPPING, "the service is stopping");
        }
    }

    private Classified classify(byte[] bytes, RequestInfo request, boolean findFaces, LiveModel.Lease lease) {
        MaskClassifier classifier = lease.classifier();
        int minShortSide = classifier.preprocessor().decodeShortSide();
        long start = System.nanoTime();
        boolean detecting = findFaces && detector != null;
        DecodedImage image;
        List<DetectedFace> boxes;
        // The whole image and every face crop go through the batcher together.
        List<BufferedImage> inputs;
        long decoded;
        long detected;
        acquireCpu();
        try {
            image = decode(bytes, detecting ? Math.max(minShortSide, DETECTION_SHORT_SIDE) : minShortSide);
            decoded = System.nanoTime();
            BufferedImage pixels = image.rgb();
            boxes = detecting ? detector.detect(pixels) : List.of();
            inputs = new ArrayList<>(boxes.size() + 1);
            inputs.add(pixels);
            for (DetectedFace box : boxes) {
                inputs.add(box.crop(pixels, DetectedFace.CROP_MARGIN));
            }
            detected = System.nanoTime();
        } finally {
            cpuSlots.release();
        }
        BufferedImage pixels = inputs.get(0);
        List<Timed> timed = predictAll(inputs.stream().map(in -> new Input(in, classifier)).toList());
        long predicted = System.nanoTime();
        List<Prediction> predictions = timed.stream().map(Timed::prediction).toList();
        Prediction prediction = predictions.get(0);
        List<Face> faces = null;
        if (detecting) {
            // Boxes back into the upload's pixels when it was decoded subsampled.
            double scaleX = image.width() / (double) pixels.getWidth();
            double scaleY = image.height() / (double) pixels.getHeight();
            faces = new ArrayList<>(boxes.size());
            for (int i = 0; i < boxes.size(); i++) {
                faces.add(new Face(boxes.get(i).scaled(scaleX, scaleY), predictions.get(i + 1)));
            }
        }
        PeopleCount people = findFaces ? countPeople(faces) : null;
        long batchesStart = timed.stream().mapToLong(Timed::startNanos).min().orElse(predicted);
        long batchesEnd = timed.stream().mapToLong(Timed::endNanos).max().orElse(predicted);
        double inference = (batchesEnd - batchesStart) / 1e6;
        Classified classified = new Classified(prediction, image, faces, people, new Stages((decoded - start) / 1e6,
                (detected - decoded) / 1e6, (predicted - detected) / 1e6 - inference, inference, 0), lease.info());
        if (log != null) {
            long logging = System.nanoTime();
            record(classified, bytes.length, request);
            classified = new Classified(prediction, image, faces, people,
                    classified.stages().withLog((System.nanoTime() - logging) / 1e6), lease.info());
        }
        // Counted once answered: the metrics and the log agree.
        metrics.prediction(prediction.label(), prediction.confidence());
        if (faces != null) {
            faces.forEach(face -> metrics.face(face.prediction().label()));
            metrics.faceSearch(!faces.isEmpty());
        }
        return classified;
    }

    private DecodedImage decode(byte[] bytes, int shortSide) {
        try {
            return decoder.decode(bytes, shortSide);
        } catch (ImageDecodingException e) {
            throw unreadable(e);
        }
    }

    /** Returns the service's failure for bytes that did not decode. */
    static ServiceException unreadable(ImageDecodingException e) {
        ServiceException.Reason reason = switch (e.reason()) {
            case NOT_AN_IMAGE -> ServiceException.Reason.UNSUPPORTED_IMAGE;
            case TOO_LARGE -> ServiceException.Reason.IMAGE_TOO_LARGE;
            case CORRUPT -> ServiceException.Reason.CORRUPT_IMAGE;
        };
        return new ServiceException(reason, e.getMessage(), e);
    }

    private void acquireCpu() {
        try {
            cpuSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ServiceException.Reason.STOPPING, "the service is stopping");
        }
    }

    /**
     * Classifies images through the batcher, a batch-sized chunk at a time: a crowded scene's
     * faces share batches without filling the queue that other requests need.
     */
    private List<Timed> predictAll(List<Input> inputs) {
        long deadline = System.nanoTime() + requestTimeoutMillis * 1_000_000L;
        List<Timed> predictions = new ArrayList<>(inputs.size());
        try {
            for (int from = 0; from < inputs.size(); from += chunk) {
                List<CompletableFuture<Timed>> pending =
                        batcher.submitAll(inputs.subList(from, Math.min(inputs.size(), from + chunk)));
                for (CompletableFuture<Timed> p : pending) {
                    predictions.add(p.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                }
            }
        } catch (TimeoutException e) {
            throw new ServiceException(ServiceException.Reason.TIMEOUT, "no prediction within " + requestTimeoutMillis
                    + " ms; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ServiceException.Reason.STOPPING, "the service is stopping");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServiceException refused) {
                throw refused;
            }
            throw new IllegalStateException("inference failed", e.getCause());
        }
        return predictions;
    }

    /**
     * Counts the faces found, and only those. Counting a face-less upload's whole image as one
     * person added a person for every empty camera frame, most often a masked one (442 of 480
     * face-less background cuts of the scene photos); the tight face crops that once justified it
     * are found by the bundled detectors (all 819 validation and 1,054 MaskedFace-Net crops)
     * except the tiniest.
     */
    private static PeopleCount countPeople(List<Face> faces) {
        return PeopleCount.of(faces == null ? List.of() : faces.stream().map(f -> f.prediction().label()).toList());
    }

    /**
     * Where a prediction was asked for.
     *
     * @param endpoint the route, e.g. {@code /predict}
     * @param requestId the request id
     * @param startNanos when the request started ({@link System#nanoTime()})
     */
    public record RequestInfo(String endpoint, String requestId, long startNanos) {}

    private void record(Classified c, long bytes, RequestInfo request) {
        ModelMetadata meta = c.model().metadata();
        Prediction p = c.prediction();
        PeopleCount people = c.faces() != null ? c.people() : null;
        // The boxes let a label given later for one face be cut out of the retained upload.
        List<LoggedFace> faces = c.faces() == null ? null : c.faces().stream().map(f -> new LoggedFace(
                f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2(), f.prediction().label(),
                f.prediction().confidence())).toList();
        PredictionRecord record = new PredictionRecord(Instant.now(), request.requestId(), request.endpoint(),
                meta.name(), c.model().version(), p.label(), p.confidence(),
                p.probabilities(), (System.nanoTime() - request.startNanos()) / 1e6, ImageFeatures.of(c.image(), bytes),
                people, faces);
        try {
            log.append(record).get(requestTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Not logged means not acknowledged: the client retries instead of a record going missing.
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ServiceException(ServiceException.Reason.LOG_UNAVAILABLE, "the prediction could not be logged: "
                    + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ServiceException.Reason.STOPPING, "the service is stopping");
        }
    }

    /**
     * Stops inference within the budget: what is queued runs first. Then frees the detector; the
     * model belongs to the caller.
     *
     * @param deadlineNanos when to stop waiting ({@link System#nanoTime()} clock)
     */
    public void close(long deadlineNanos) {
        try {
            batcher.close(deadlineNanos);
        } finally {
            if (detector != null) {
                detector.close();
            }
        }
    }
}
