package org.facemask.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facemask eda}: exploratory data analysis report (in progress). */
@Command(name = "eda", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report about a class-folder dataset.")
final class EdaCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Folder with one sub-folder per class.")
    Path data;

    @Option(names = "--out", defaultValue = "eda-report.html", description = "HTML file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("eda is not implemented yet");
    }
}
