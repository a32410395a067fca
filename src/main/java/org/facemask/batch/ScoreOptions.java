package org.facemask.batch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import org.facemask.detection.DetectorSpec;
import org.facemask.model.Backend;
import org.facemask.serving.ServerConfig;

/**
 * What {@link BatchScorer#score} scores and how; immutable, built with {@link #builder()}: {@code setX}
 * for what is required, {@code optX} for the rest, whose defaults are the service's.
 */
public final class ScoreOptions {

    private final Path input;
    private final Path output;
    private final Path modelDir;
    private final Backend backend;
    private final Shard shard;
    private final DetectorSpec faces;
    private final int batchSize;
    private final int inferenceWorkers;
    private final long maxPixels;
    private final PrintStream progress;
    private final boolean redraw;

    private ScoreOptions(Builder b) {
        this.input = b.input;
        this.output = b.output;
        this.modelDir = b.modelDir;
        this.backend = b.backend;
        this.shard = b.shard;
        this.faces = b.faces;
        this.batchSize = b.batchSize;
        this.inferenceWorkers = b.inferenceWorkers;
        this.maxPixels = b.maxPixels;
        this.progress = b.progress;
        this.redraw = b.redraw;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the folder walked recursively, or the text file listing images. */
    public Path input() {
        return input;
    }

    /** Returns the output file ({@code .jsonl} or {@code .csv}). */
    public Path output() {
        return output;
    }

    /** Returns the model artifact folder. */
    public Path modelDir() {
        return modelDir;
    }

    /** Returns the runtime. */
    public Backend backend() {
        return backend;
    }

    /** Returns the part of the input to score. */
    public Shard shard() {
        return shard;
    }

    /** Returns the face detection to run on every file, or null to classify whole images only. */
    public DetectorSpec faces() {
        return faces;
    }

    /** Returns the largest inference batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns how many batches run at once. */
    public int inferenceWorkers() {
        return inferenceWorkers;
    }

    /** Returns the pixel limit; larger images get an error row. */
    public long maxPixels() {
        return maxPixels;
    }

    /** Returns where progress is drawn, or null for nowhere. */
    public PrintStream progress() {
        return progress;
    }

    /** Returns whether progress redraws one line (a terminal) instead of printing a line now and then (a log). */
    public boolean redraw() {
        return redraw;
    }

    /** Builds {@link ScoreOptions}. */
    public static final class Builder {

        private Path input;
        private Path output;
        private Path modelDir;
        private Backend backend = Backend.valueOf(ServerConfig.DEFAULT_BACKEND);
        private Shard shard = Shard.ALL;
        private DetectorSpec faces;
        private int batchSize = ServerConfig.DEFAULT_BATCH_SIZE;
        private int inferenceWorkers = ServerConfig.DEFAULT_INFERENCE_WORKERS;
        private long maxPixels = ServerConfig.DEFAULT_MAX_PIXELS;
        private PrintStream progress;
        private boolean redraw;

        private Builder() {}

        /** Sets the folder walked recursively, or the text file listing one image path per line (required). */
        public Builder setInput(Path value) {
            this.input = value;
            return this;
        }

        /** Sets the output file, {@code .jsonl} or {@code .csv} (required); rows already in it are skipped. */
        public Builder setOutput(Path value) {
            this.output = value;
            return this;
        }

        /** Sets the model artifact folder (required). */
        public Builder setModelDir(Path value) {
            this.modelDir = value;
            return this;
        }

        /** Sets the runtime (default {@value ServerConfig#DEFAULT_BACKEND}). */
        public Builder optBackend(Backend value) {
            this.backend = value;
            return this;
        }

        /** Sets the part of the input to score (default: all of it). */
        public Builder optShard(Shard value) {
            this.shard = value;
            return this;
        }

        /** Finds faces with these detectors and classifies each (default: whole images only). */
        public Builder optFaces(DetectorSpec value) {
            this.faces = value;
            return this;
        }

        /** Sets the largest inference batch (default {@value ServerConfig#DEFAULT_BATCH_SIZE}). */
        public Builder optBatchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Sets how many batches run at once (default {@value ServerConfig#DEFAULT_INFERENCE_WORKERS}). */
        public Builder optInferenceWorkers(int value) {
            this.inferenceWorkers = value;
            return this;
        }

        /** Sets the pixel limit (default {@value ServerConfig#DEFAULT_MAX_PIXELS}). */
        public Builder optMaxPixels(long value) {
            this.maxPixels = value;
            return this;
        }

        /**
         * Draws progress (default: none).
         *
         * @param out where, e.g. standard error
         * @param redrawLine redraw one line, for a terminal; else a line every 10 s, for a log
         */
        public Builder optProgress(PrintStream out, boolean redrawLine) {
            this.progress = out;
            this.redraw = redrawLine;
            return this;
        }

        /**
         * Checks the settings and builds the options.
         *
         * @throws IllegalArgumentException if a required setting is missing or a number is out of range
         */
        public ScoreOptions build() {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(modelDir, "modelDir");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(shard, "shard");
            if (faces != null && !faces.enabled()) {
                throw new IllegalArgumentException("faces need a face detector; --detector none turns them off");
            }
            if (batchSize < 1 || inferenceWorkers < 1 || maxPixels < 1) {
                throw new IllegalArgumentException("batch size, inference workers and pixel limit must be positive");
            }
            return new ScoreOptions(this);
        }
    }
}
