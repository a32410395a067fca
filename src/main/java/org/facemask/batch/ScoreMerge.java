package org.facemask.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Combines the outputs of a sharded run (JSONL or CSV, mixed if need be) into one, sorted by path,
 * and counts what they hold. A path found more than once means shards overlapped or one output was
 * given twice: it is reported and its first row kept.
 */
public final class ScoreMerge {

    private ScoreMerge() {}

    /**
     * What the outputs held.
     *
     * @param rows distinct files, classified or failed
     * @param rowsPerInput each input's rows, in the order given
     * @param duplicates paths found more than once (each once, sorted)
     * @param labels classified files by label
     * @param errors failed files by error
     * @param faces faces found by label (empty without {@code --faces})
     */
    public record Summary(int rows, Map<Path, Integer> rowsPerInput, List<String> duplicates,
                          Map<String, Integer> labels, Map<String, Integer> errors, Map<String, Integer> faces) {

        /** Returns the files that got an error row. */
        public int failed() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Reads the outputs and writes their rows, once each, to {@code output}.
     *
     * @param inputs the shards' outputs
     * @param output where to write the combined rows ({@code .jsonl} or {@code .csv}; replaced), or null
     *     to only count
     * @return what the outputs held
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if a file is not a score output, or the output is one of the inputs
     */
    public static Summary merge(List<Path> inputs, Path output) throws IOException {
        Map<String, ScoreRow> rows = new LinkedHashMap<>();
        Map<Path, Integer> perInput = new LinkedHashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (Path input : inputs) {
            if (output != null && Files.exists(output) && Files.isSameFile(input, output)) {
                throw new IllegalArgumentException("the output " + output + " is also an input");
            }
            List<ScoreRow> read = RowFormat.readAny(input);
            perInput.put(input, read.size());
            for (ScoreRow row : read) {
                if (rows.putIfAbsent(row.path(), row) != null) {
                    duplicates.add(row.path());
                }
            }
        }
        List<ScoreRow> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparing(ScoreRow::path));
        if (output != null) {
            write(sorted, output);
        }
        Map<String, Integer> labels = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> faces = new TreeMap<>();
        for (ScoreRow row : sorted) {
            if (row.failed()) {
                errors.merge(row.error(), 1, Integer::sum);
                continue;
            }
            labels.merge(row.label(), 1, Integer::sum);
            if (row.faces() != null) {
                row.faces().forEach(f -> faces.merge(f.label(), 1, Integer::sum));
            }
        }
        return new Summary(sorted.size(), perInput, duplicates.stream().sorted().toList(), labels, errors, faces);
    }

    private static void write(List<ScoreRow> rows, Path output) throws IOException {
        List<String> classes = rows.stream().filter(r -> !r.failed()).findFirst()
                .map(r -> List.copyOf(r.probabilities().keySet())).orElse(List.of());
        for (ScoreRow row : rows) {
            if (!row.failed() && !List.copyOf(row.probabilities().keySet()).equals(classes)) {
                throw new IllegalArgumentException("the outputs come from models of different classes: " + classes
                        + " and " + row.probabilities().keySet() + " (" + row.path() + ")");
            }
        }
        boolean faces = rows.stream().anyMatch(r -> r.faces() != null);
        RowFormat format = RowFormat.forFile(output, classes, faces);
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written beside the output and moved into place: a merge cut short never leaves half a file.
        Path partial = Files.createTempFile(parent, output.getFileName().toString(), ".partial");
        try (var writer = Files.newBufferedWriter(partial)) {
            writer.write(format.header());
            for (ScoreRow row : rows) {
                writer.write(format.line(row));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
