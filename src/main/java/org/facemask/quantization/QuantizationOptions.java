package org.facemask.quantization;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Int8Quantizer} quantizes, from what and with which Python. Built with
 * {@link #builder()}: {@code setX} for required settings, {@code optX} for optional ones.
 *
 * @param modelDir the float32 model folder (safetensors weights)
 * @param calibration class-folder datasets (or split folders, whose {@code train/} is used)
 * @param outDir the folder to write; must not exist or be empty
 * @param images how many calibration images to use, drawn evenly from the datasets
 * @param seed the seed of that draw
 * @param python the Python interpreter that has {@code onnxruntime}, {@code onnx} and {@code numpy}
 * @param activations the activations' integer type
 */
public record QuantizationOptions(Path modelDir, List<Path> calibration, Path outDir, int images, long seed,
        String python, Activations activations) {

    /** The integer type of the activations; weights are always int8, per output channel. */
    public enum Activations {
        /**
         * Unsigned, asymmetric: uint8 x int8 is what x86's VNNI instructions (AVX512-VNNI, AVX-VNNI)
         * multiply. On x86 CPUs with AVX2 but no VNNI, ONNX Runtime's uint8 x int8 kernel can
         * saturate its 16-bit sums: choose {@link #INT8} there.
         */
        UINT8,
        /** Signed, symmetric: ONNX Runtime's recommended default where VNNI is absent. */
        INT8
    }

    /** Calibration images used unless told otherwise: a few hundred, as ONNX Runtime's guide suggests. */
    public static final int DEFAULT_IMAGES = 300;
    /** The interpreter used unless told otherwise. */
    public static final String DEFAULT_PYTHON = "python3";

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link QuantizationOptions}; {@link #build()} checks them. */
    public static final class Builder {
        private Path modelDir;
        private List<Path> calibration;
        private Path outDir;
        private int images = DEFAULT_IMAGES;
        private long seed = 42;
        private String python = DEFAULT_PYTHON;
        private Activations activations = Activations.UINT8;

        private Builder() {}

        /** Sets the float32 model folder. */
        public Builder setModelDir(Path value) {
            this.modelDir = value;
            return this;
        }

        /** Sets the calibration datasets. */
        public Builder setCalibration(List<Path> value) {
            this.calibration = List.copyOf(value);
            return this;
        }

        /** Sets the folder to write. */
        public Builder setOutDir(Path value) {
            this.outDir = value;
            return this;
        }

        /** Sets how many calibration images to use. */
        public Builder optImages(int value) {
            this.images = value;
            return this;
        }

        /** Sets the seed of the calibration draw. */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** Sets the Python interpreter. */
        public Builder optPython(String value) {
            this.python = value;
            return this;
        }

        /** Sets the activations' integer type. */
        public Builder optActivations(Activations value) {
            this.activations = value;
            return this;
        }

        /**
         * Checks and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if a required setting is missing or a value is out of range
         */
        public QuantizationOptions build() {
            if (modelDir == null || outDir == null) {
                throw new IllegalArgumentException("a model folder and an output folder are required");
            }
            if (calibration == null || calibration.isEmpty()) {
                throw new IllegalArgumentException("at least one calibration dataset is required");
            }
            if (images < 1) {
                throw new IllegalArgumentException("calibration images must be at least 1, got " + images);
            }
            if (python == null || python.isBlank()) {
                throw new IllegalArgumentException("a Python interpreter is required");
            }
            if (activations == null) {
                throw new IllegalArgumentException("an activation type is required");
            }
            return new QuantizationOptions(modelDir, calibration, outDir, images, seed, python, activations);
        }
    }
}
