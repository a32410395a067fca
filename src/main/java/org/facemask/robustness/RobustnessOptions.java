package org.facemask.robustness;

import java.util.Map;

/**
 * How {@link Robustness#measure} runs: the seed, an optional sample size, the site's own groups
 * and the number of worker threads. Built with {@link #builder()}.
 */
public final class RobustnessOptions {

    private final long seed;
    private final int limit;
    private final Map<String, String> fileGroups;
    private final int threads;

    private RobustnessOptions(Builder builder) {
        this.seed = builder.seed;
        this.limit = builder.limit;
        this.fileGroups = Map.copyOf(builder.fileGroups);
        this.threads = builder.threads;
    }

    /** Returns a builder with the defaults: seed 42, every face, no groups file, one thread per core. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the seed of the random conditions and of the sample. */
    public long seed() {
        return seed;
    }

    /** Returns the faces per class and source to sample, 0 for all. */
    public int limit() {
        return limit;
    }

    /** Returns file (relative path under its source folder, or file name) → group. */
    public Map<String, String> fileGroups() {
        return fileGroups;
    }

    /** Returns the number of threads that decode and degrade faces. */
    public int threads() {
        return threads;
    }

    /** Builds {@link RobustnessOptions}; every setting is optional. */
    public static final class Builder {

        private long seed = 42;
        private int limit;
        private Map<String, String> fileGroups = Map.of();
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /**
         * Sets the seed: the same seed on the same files gives the same result.
         *
         * @param seed any number
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Samples at most this many faces per class and source, chosen by a hash of the seed and
         * the file's path (the same files for the same seed).
         *
         * @param limit 0 for all, else at least 1
         * @return this builder
         */
        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Sets the site's own groups, as {@link Robustness#readGroups} reads them.
         *
         * @param fileGroups file → group
         * @return this builder
         */
        public Builder optFileGroups(Map<String, String> fileGroups) {
            this.fileGroups = fileGroups;
            return this;
        }

        /**
         * Sets how many threads decode and degrade faces (the model runs beside them).
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException for a negative limit or fewer than one thread
         */
        public RobustnessOptions build() {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be 0 (all) or more, not " + limit);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            return new RobustnessOptions(this);
        }
    }
}
