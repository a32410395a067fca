package org.facemask.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.DatasetProfile;
import org.facemask.report.EdaReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask eda}: exploratory data analysis report. */
@Command(name = "eda", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report about a class-folder dataset:",
            "class balance, samples, sizes, formats and colour modes (by content), unreadable files,",
            "exact and near-duplicates (including groups that span classes), with charts."})
final class EdaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Folder with one sub-folder per class.")
    Path data;

    @Option(names = "--out", defaultValue = "eda-report.html", description = "HTML file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        DatasetProfile profile = DatasetProfile.analyze(ClassFolders.scan(data));
        EdaReport.write(profile, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().println(summary(profile, seconds));
        return 0;
    }

    private String summary(DatasetProfile profile, double seconds) throws IOException {
        int readable = profile.images().size();
        String classes = profile.classCounts().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %d (%.1f%%)", e.getKey(), e.getValue(),
                        readable == 0 ? 0.0 : 100.0 * e.getValue() / readable))
                .collect(Collectors.joining(", "));
        String formats = profile.formatCounts().entrySet().stream()
                .map(e -> e.getKey() + " " + total(e.getValue()))
                .collect(Collectors.joining(", "));
        if (formats.isEmpty()) {
            formats = "none";
        }
        List<String> warnings = profile.warnings();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%d files in %s analysed in %.1f s: %s; %d unreadable; %d exact-duplicate file(s) in %d group(s); "
                        + "%d near-duplicate group(s), %d spanning classes; formats %s; %d extension mismatch(es).",
                profile.fileCount(), data, seconds, classes, profile.unreadable().size(),
                profile.exactDuplicateFiles(), profile.exactDuplicateGroups().size(),
                profile.nearDuplicateGroups().size(), profile.crossClassGroupCount(), formats,
                profile.extensionMismatchCount()));
        s.append(warnings.isEmpty() ? " No warnings." : " Warnings: " + String.join("; ", warnings) + ".");
        s.append(String.format(Locale.ROOT, " Report: %s (%.1f MB).", out, Files.size(out) / 1e6));
        return s.toString();
    }

    private static int total(Map<String, Integer> byClass) {
        return byClass.values().stream().mapToInt(Integer::intValue).sum();
    }
}
