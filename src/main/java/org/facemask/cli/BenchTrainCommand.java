package org.facemask.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.training.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask bench-train}: training throughput of this machine, for bench/train-speed.sh. */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Time ResNet18 training steps (DJL, random data) and print images/s.")
final class BenchTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--image-size", defaultValue = "128", description = "Input size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() {
        double rate = TrainingBenchmark.imagesPerSecond(size, batch, 3, steps);
        spec.commandLine().getOut().printf(Locale.ROOT, "djl size=%d batch=%d images/s=%.2f%n", size, batch, rate);
        return 0;
    }
}
