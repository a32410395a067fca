package org.facemask.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.batch.BatchScorer;
import org.facemask.batch.ScoreOptions;
import org.facemask.batch.ScoreSummary;
import org.facemask.batch.Shard;
import org.facemask.model.Backend;
import org.facemask.serving.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask score}: a whole archive, or one shard of it, to a JSONL or CSV file that a rerun resumes. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every image of a folder (recursively) or of a list, or one shard of them, through the",
            "service's own decoding, batching and face detection. Writes one row per file (path, label,",
            "probabilities, or an error for that file) and skips the files already in the output,",
            "so a rerun after a kill goes on where it stopped. Prints a summary and images/s."})
final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR|LIST",
            description = "A folder, walked recursively for JPEG, PNG, WEBP, BMP, GIF and TIFF files, or a text"
                + " file of image paths, one per line (relative to the list's folder).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.jsonl|FILE.csv",
            description = "Where the rows go; rows already there are kept and their files skipped.")
    Path output;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1", converter = ShardConverter.class,
            description = "Score only the files whose path (relative to the input) hashes to shard i of n,"
                + " 0 <= i < n (default: ${DEFAULT-VALUE}, all).")
    Shard shard;

    @Option(names = "--faces",
            description = "Also find the faces in each image (the service's detectors, as for /v1/predict) and"
                + " classify each.")
    boolean faces;

    @Mixin
    DetectorOption detection;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled model).")
    Path model;

    @Option(names = "--backend", defaultValue = ServerConfig.DEFAULT_BACKEND,
            description = "ONNX or DJL (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--batch-size", defaultValue = "" + ServerConfig.DEFAULT_BATCH_SIZE,
            description = "Largest inference batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--inference-workers", defaultValue = "" + ServerConfig.DEFAULT_INFERENCE_WORKERS,
            description = "Batches run at once, each on cores/N threads (default: ${DEFAULT-VALUE}).")
    int inferenceWorkers;

    @Option(names = "--progress", negatable = true,
            description = "Draw progress on standard error (default: on a terminal only; a line every 10 s when"
                + " not a terminal).")
    Boolean progress;

    /** Parses {@code i/n}. */
    static final class ShardConverter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            return Shard.parse(value);
        }
    }

    @SuppressWarnings("SystemConsoleNull") // runs on JDK 17, where Console.isTerminal() does not exist
    @Override
    public Integer call() throws Exception {
        boolean terminal = System.console() != null;
        ScoreOptions.Builder options = ScoreOptions.builder().setInput(input).setOutput(output)
                .setModelDir(model != null ? model : FaceMaskCli.bundledModel()).optBackend(backend).optShard(shard)
                .optBatchSize(batchSize).optInferenceWorkers(inferenceWorkers);
        if (faces) {
            options.optFaces(detection.spec());
        }
        if (progress != null ? progress : terminal) {
            options.optProgress(System.err, terminal);
        }
        ScoreSummary s = BatchScorer.score(options.build());
        var out = spec.commandLine().getOut();
        if (s.discardedBytes() > 0) {
            out.printf(Locale.ROOT, "cut off an unfinished last row (%d bytes) of an interrupted run%n",
                    s.discardedBytes());
        }
        out.printf(Locale.ROOT, "shard %s: %d files, %d already in %s, %d scored, %d errors in %.1f s"
                + " (images/s=%.2f)%n", s.shard(), s.listed(), s.skipped(), output, s.scored(), s.errors(),
                s.seconds(), s.imagesPerSecond());
        s.labels().forEach((label, count) -> out.printf(Locale.ROOT, "  %s %d%n", label, count));
        return 0;
    }
}
