package org.facemask.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.model.Backend;
import org.facemask.model.InferenceBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask bench-infer}: raw batched inference throughput, for bench/serve.sh. */
@Command(name = "bench-infer", mixinStandardHelpOptions = true,
        description = "Time batched inference on random preprocessed input; print images/s and CPU ms per image.")
final class BenchInferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--batch-size", defaultValue = "16", description = "Images per call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--callers", defaultValue = "1",
            description = "Threads calling at once, as the service's --inference-workers (default: ${DEFAULT-VALUE}).")
    int callers;

    @Option(names = "--seconds", defaultValue = "10", description = "Measuring time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() {
        Backend backend = model.backend();
        InferenceBenchmark.Measurement m =
                InferenceBenchmark.measure(model.resolve(), backend, batch, callers, seconds);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s batch=%d callers=%d images/s=%.2f cpu_ms/image=%.2f%n",
                backend, batch, callers, m.imagesPerSecond(), m.cpuMillisPerImage());
        return 0;
    }
}
