package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facemask.batch.ScoreMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facemask score-merge}: the shards' outputs in one file, with a summary. */
@Command(name = "score-merge", mixinStandardHelpOptions = true,
        description = {"Combine the outputs of 'facemask score' runs (JSONL or CSV), sorted by path, and print",
            "counts by label, faces and errors. Exit status 1 if a file appears in more than one row."})
final class ScoreMergeCommand implements Callable<Integer> {

    private static final int SHOWN_DUPLICATES = 10;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "OUT", description = "Outputs of 'facemask score' (.jsonl or .csv).")
    List<Path> inputs;

    @Option(names = "--output", paramLabel = "FILE.jsonl|FILE.csv",
            description = "Write the combined rows here, one per file (default: only print the summary).")
    Path output;

    @Override
    public Integer call() throws Exception {
        ScoreMerge.Summary s = ScoreMerge.merge(inputs, output);
        var out = spec.commandLine().getOut();
        s.rowsPerInput().forEach((file, rows) -> out.println(file + ": " + rows + " rows"));
        out.println("files: " + s.rows() + ", classified: " + (s.rows() - s.failed()) + ", errors: " + s.failed()
                + ", duplicates: " + s.duplicates().size() + (output != null ? ", written to " + output : ""));
        print(out, "labels", s.labels());
        print(out, "faces", s.faces());
        print(out, "errors", s.errors());
        if (!s.duplicates().isEmpty()) {
            spec.commandLine().getErr().println("error: " + s.duplicates().size() + " files have more than one row"
                    + " (overlapping shards, or an output given twice); the first row of each was kept: "
                    + String.join(", ", s.duplicates().subList(0, Math.min(SHOWN_DUPLICATES, s.duplicates().size())))
                    + (s.duplicates().size() > SHOWN_DUPLICATES ? ", ..." : ""));
            return 1;
        }
        return 0;
    }

    private static void print(java.io.PrintWriter out, String title, Map<String, Integer> counts) {
        if (!counts.isEmpty()) {
            StringBuilder line = new StringBuilder(title).append(':');
            counts.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            out.println(line);
        }
    }
}
