package org.facemask.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.model.InferenceBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask bench-infer}: raw batched inference throughput, for bench/serve.sh. */
@Command(name = "bench-infer", mixinStandardHelpOptions = true,
        description = "Time batched inference on random preprocessed input and print images/s.")
final class BenchInferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--batch-size", defaultValue = "16", description = "Images per call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--callers", description = "Threads calling at once (default: the service's default for the backend: one per core on ONNX, 1 on DJL).")
    Integer callers;

    @Option(names = "--seconds", defaultValue = "10", description = "Measuring time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() {
        int threads = callers != null ? callers : model.backend.defaultConcurrentCalls();
        double rate = InferenceBenchmark.imagesPerSecond(model.resolve(), model.backend, batch, threads, seconds);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s batch=%d callers=%d images/s=%.2f%n",
                model.backend, batch, threads, rate);
        return 0;
    }
}
