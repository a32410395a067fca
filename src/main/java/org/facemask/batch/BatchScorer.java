package org.facemask.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifact;
import org.facemask.serving.ClassificationService;
import org.facemask.serving.LiveModel;
import org.facemask.serving.ServerConfig;
import org.facemask.serving.ServiceException;
import org.facemask.serving.ServingMetrics;

/**
 * Scores an archive: every image of the input in the chosen shard that the output does not hold
 * yet gets one row, its classification or its error. The images go through the service core
 * ({@link ClassificationService}), so each is decoded, preprocessed, batched and (with faces)
 * searched for faces exactly as {@code /predict} and {@code /v1/predict} do it: a pool of feeders
 * reads and decodes files on every core while the micro-batcher gathers them into batches for the
 * inference workers.
 */
public final class BatchScorer {

    // Files larger than the service's upload limit are refused as they would be over HTTP: reading
    // an arbitrary file whole is how a batch job runs out of memory.
    private static final long MAX_FILE_BYTES = ServerConfig.DEFAULT_MAX_UPLOAD_BYTES;
    private static final long OVERLOADED_PAUSE_MILLIS = 2;

    private BatchScorer() {}

    /**
     * Scores the input's images of the shard that the output lacks, appending a row for each.
     *
     * @param options what to score and how
     * @return what was done
     * @throws IOException if the input cannot be listed or the output cannot be read or written
     * @throws IllegalArgumentException for a missing input, an output of another format or model, or a
     *     missing model
     * @throws IllegalStateException if inference itself failed (the rows written so far stay; a rerun
     *     goes on from them)
     */
    public static ScoreSummary score(ScoreOptions options) throws IOException {
        List<ImageFiles.ImageFile> files = ImageFiles.list(options.input(), options.shard());
        boolean faces = options.faces() != null;
        List<String> classes = ModelArtifact.readMetadata(options.modelDir()).classes();
        RowFormat format = RowFormat.forFile(options.output(), classes, faces);
        try (ScoreOutput output = ScoreOutput.open(options.output(), format);
                LiveModel model = new LiveModel(MaskClassifier.load(options.modelDir(), options.backend(),
                        options.inferenceWorkers()), null)) {
            List<ImageFiles.ImageFile> todo = files.stream().filter(f -> !output.done().contains(f.path())).toList();
            Run run = new Run(options, model, output, todo);
            double seconds = run.execute();
            return new ScoreSummary(options.shard(), files.size(), files.size() - todo.size(), run.scored.get(),
                    run.errors.get(), output.discardedBytes(), seconds, new TreeMap<>(run.labels));
        }
    }

    /** One run over the files left: the feeders, the service they share and what they counted. */
    private static final class Run {

        private final ScoreOptions options;
        private final LiveModel model;
        private final ScoreOutput output;
        private final List<ImageFiles.ImageFile> todo;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger scored = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private final Map<String, Integer> labels = new ConcurrentHashMap<>();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final ProgressLine progress;
        private ClassificationService service;

        Run(ScoreOptions options, LiveModel model, ScoreOutput output, List<ImageFiles.ImageFile> todo) {
            this.options = options;
            this.model = model;
            this.output = output;
            this.todo = todo;
            this.progress = options.progress() == null ? null
                    : new ProgressLine(options.progress(), options.redraw(), todo.size());
        }

        /** Scores the files; returns the seconds it took. */
        double execute() {
            int cores = Runtime.getRuntime().availableProcessors();
            // Enough files in flight to fill every worker's batch while the next ones decode; each
            // may queue a batch of face crops at once, so the queue can take them all.
            int feeders = options.batchSize() * options.inferenceWorkers() + cores;
            ServerConfig config = ServerConfig.builder().setModelDir(options.modelDir())
                    .optBackend(options.backend()).optBatchSize(options.batchSize())
                    .optInferenceWorkers(options.inferenceWorkers()).optQueueCapacity(feeders * options.batchSize())
                    .optMaxPixels(options.maxPixels()).build();
            FaceDetector detector = options.faces() == null ? null : options.faces().load();
            service = new ClassificationService(model, detector, config, new ServingMetrics(), null,
                    inFlight::get);
            long start = System.nanoTime();
            try {
                List<Thread> threads = new ArrayList<>(feeders);
                for (int i = 0; i < feeders; i++) {
                    Thread feeder = new Thread(this::feed, "score-feeder-" + i);
                    feeder.setDaemon(true);
                    threads.add(feeder);
                    feeder.start();
                }
                for (Thread feeder : threads) {
                    feeder.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("scoring interrupted"));
            } finally {
                service.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw failure.get();
            }
            return seconds;
        }

        private void feed() {
            try {
                while (failure.get() == null) {
                    int index = next.getAndIncrement();
                    if (index >= todo.size()) {
                        return;
                    }
                    ScoreRow row;
                    inFlight.incrementAndGet();
                    try {
                        row = score(todo.get(index));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                    output.append(List.of(row));
                    if (row.failed()) {
                        errors.incrementAndGet();
                    } else {
                        scored.incrementAndGet();
                        labels.merge(row.label(), 1, Integer::sum);
                    }
                    if (progress != null) {
                        progress.update(scored.get() + errors.get(), errors.get());
                    }
                }
            } catch (IOException e) {
                failure.compareAndSet(null, new UncheckedIOException("cannot write " + options.output(), e));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        /**
         * Returns a file's row. What is wrong with the file is its row's error; what is wrong with
         * the run (inference failed, timed out) is thrown, and the file stays unscored for a rerun.
         */
        private ScoreRow score(ImageFiles.ImageFile file) {
            byte[] bytes;
            try {
                long size = Files.size(file.file());
                if (size > MAX_FILE_BYTES) {
                    return ScoreRow.failed(file.path(), "payload_too_large", "file of " + size
                            + " bytes is over the limit of " + MAX_FILE_BYTES + " bytes");
                }
                bytes = Files.readAllBytes(file.file());
            } catch (NoSuchFileException e) {
                return ScoreRow.failed(file.path(), "not_found", "no such file: " + file.file());
            } catch (IOException e) {
                return ScoreRow.failed(file.path(), "unreadable", "cannot read " + file.file() + ": " + e);
            }
            while (true) {
                try {
                    return ScoreRow.classified(file.path(), service.classify(bytes,
                            new ClassificationService.RequestInfo("score", file.path(), System.nanoTime()),
                            options.faces() != null));
                } catch (ServiceException e) {
                    String error = fileError(e.reason());
                    if (error != null) {
                        return ScoreRow.failed(file.path(), error, e.getMessage());
                    }
                    if (e.reason() != ServiceException.Reason.OVERLOADED) {
                        throw e;
                    }
                }
                // The queue is sized to take every feeder's images; should it be full, wait briefly.
                pause();
            }
        }

        private static void pause() {
            try {
                Thread.sleep(OVERLOADED_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("scoring interrupted", e);
            }
        }
    }

    /** Returns the row error of a failure that is the file's own, as the HTTP API names it; null for others. */
    private static String fileError(ServiceException.Reason reason) {
        return switch (reason) {
            case EMPTY_IMAGE -> "empty_file";
            case UNSUPPORTED_IMAGE -> "unsupported_media_type";
            case IMAGE_TOO_LARGE -> "image_too_large";
            case CORRUPT_IMAGE -> "corrupt_image";
            default -> null;
        };
    }
}
