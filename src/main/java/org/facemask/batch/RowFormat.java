package org.facemask.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How rows are written and read back: JSON Lines (one object per line) or CSV (a header, then one
 * record per line), chosen by the output's name. Every row is one line, so a row cut short by a
 * kill is the file's last, unterminated line.
 */
abstract sealed class RowFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();
    /** CSV probability columns are named by class with this prefix: {@code p_mask}. */
    static final String PROBABILITY_PREFIX = "p_";

    /**
     * Returns the format a file's name asks for.
     *
     * @param file ending in {@code .jsonl} or {@code .csv}
     * @param classes the model's classes, for CSV's probability columns
     * @param faces whether rows carry faces (CSV adds two columns)
     * @throws IllegalArgumentException for any other ending
     */
    static RowFormat forFile(Path file, List<String> classes, boolean faces) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return new Jsonl();
        }
        if (name.endsWith(".csv")) {
            return new Csv(classes, faces);
        }
        throw new IllegalArgumentException("output must end in .jsonl or .csv: " + file);
    }

    /** Returns the first line of a new file (with its line break), or "" for none. */
    abstract String header();

    /** Returns a row as one line, with its line break. */
    abstract String line(ScoreRow row);

    /**
     * Reads every row of a file in this format; every line must be complete.
     *
     * @throws IllegalArgumentException if a row does not parse, or a CSV file's header is not this format's
     */
    abstract List<ScoreRow> read(Path file) throws IOException;

    /**
     * Reads a file written in either format, whatever its classes: CSV's come from its header.
     *
     * @throws IllegalArgumentException if the name is neither, or a row does not parse
     */
    static List<ScoreRow> readAny(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Csv.readWithOwnHeader(file);
        }
        return forFile(file, List.of(), false).read(file);
    }

    /** One JSON object per line. */
    static final class Jsonl extends RowFormat {

        @Override
        String header() {
            return "";
        }

        @Override
        String line(ScoreRow row) {
            try {
                return JSON.writeValueAsString(row) + "\n";
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        List<ScoreRow> read(Path file) throws IOException {
            List<ScoreRow> rows = new ArrayList<>();
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    ScoreRow row = JSON.readValue(line, ScoreRow.class);
                    if (row.path() == null) {
                        throw new IllegalArgumentException(file + ":" + number + ": a row without a path");
                    }
                    rows.add(row);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": not a score row: "
                            + e.getOriginalMessage(), e);
                }
            }
            return rows;
        }
    }

    /**
     * {@code path,label,confidence,p_<class>...[,faces,face_labels],error,message}: with
     * {@code --faces}, {@code faces} counts them and {@code face_labels} lists their classes,
     * space-separated, in the order JSONL gives the faces.
     */
    static final class Csv extends RowFormat {

        private final List<String> classes;
        private final boolean faces;
        private final List<String> columns;

        Csv(List<String> classes, boolean faces) {
            this.classes = List.copyOf(classes);
            this.faces = faces;
            List<String> names = new ArrayList<>(List.of("path", "label", "confidence"));
            classes.forEach(c -> names.add(PROBABILITY_PREFIX + c));
            if (faces) {
                names.addAll(List.of("faces", "face_labels"));
            }
            names.addAll(List.of("error", "message"));
            this.columns = List.copyOf(names);
        }

        @Override
        String header() {
            return record(columns.toArray(String[]::new));
        }

        @Override
        String line(ScoreRow row) {
            String[] cells = new String[columns.size()];
            Arrays.fill(cells, "");
            cells[0] = row.path();
            if (!row.failed()) {
                cells[1] = row.label();
                cells[2] = Float.toString(row.confidence());
                for (int i = 0; i < classes.size(); i++) {
                    cells[3 + i] = Float.toString(row.probabilities().get(classes.get(i)));
                }
                if (faces) {
                    List<ScoreRow.Face> found = row.faces() == null ? List.of() : row.faces();
                    cells[3 + classes.size()] = Integer.toString(found.size());
                    cells[4 + classes.size()] = String.join(" ", found.stream().map(ScoreRow.Face::label).toList());
                }
            } else {
                cells[cells.length - 2] = row.error();
                cells[cells.length - 1] = row.message();
            }
            return record(cells);
        }

        private static String record(String[] cells) {
            try {
                return CSV.writer(CsvSchema.emptySchema().withLineSeparator("\n")).writeValueAsString(cells);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        List<ScoreRow> read(Path file) throws IOException {
            List<String[]> records = records(file);
            if (!records.isEmpty() && !Arrays.asList(records.get(0)).equals(columns)) {
                throw new IllegalArgumentException(file + " has the columns " + String.join(",", records.get(0))
                        + ", not " + String.join(",", columns) + " (another model, or --faces set differently?)");
            }
            return rows(file, records);
        }

        static List<ScoreRow> readWithOwnHeader(Path file) throws IOException {
            List<String[]> records = records(file);
            if (records.isEmpty()) {
                return List.of();
            }
            List<String> header = Arrays.asList(records.get(0));
            List<String> classes = header.stream().filter(h -> h.startsWith(PROBABILITY_PREFIX))
                    .map(h -> h.substring(PROBABILITY_PREFIX.length())).toList();
            Csv format = new Csv(classes, header.contains("faces"));
            if (!header.equals(format.columns)) {
                throw new IllegalArgumentException(file + " is not a score output: its columns are "
                        + String.join(",", header));
            }
            return format.rows(file, records);
        }

        private List<ScoreRow> rows(Path file, List<String[]> records) {
            List<ScoreRow> rows = new ArrayList<>(Math.max(0, records.size() - 1));
            for (int r = 1; r < records.size(); r++) {
                String[] cells = records.get(r);
                if (cells.length != columns.size()) {
                    throw new IllegalArgumentException(file + ": record " + r + " has " + cells.length
                            + " cells, not " + columns.size());
                }
                String error = cells[cells.length - 2];
                if (!error.isEmpty()) {
                    rows.add(new ScoreRow(cells[0], null, null, null, null, error, cells[cells.length - 1]));
                    continue;
                }
                try {
                    Map<String, Float> probabilities = new LinkedHashMap<>();
                    for (int i = 0; i < classes.size(); i++) {
                        probabilities.put(classes.get(i), Float.parseFloat(cells[3 + i]));
                    }
                    List<ScoreRow.Face> found = null;
                    if (faces) {
                        String labels = cells[4 + classes.size()];
                        found = labels.isEmpty() ? List.of() : Arrays.stream(labels.split(" "))
                                .map(l -> new ScoreRow.Face(null, null, l, null)).toList();
                    }
                    rows.add(new ScoreRow(cells[0], cells[1], Float.parseFloat(cells[2]), probabilities, found,
                            null, null));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": record " + r + ": " + e.getMessage(), e);
                }
            }
            return rows;
        }

        private static List<String[]> records(Path file) throws IOException {
            try (var it = CSV.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .<String[]>readValues(file.toFile())) {
                return it.readAll();
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + ": not CSV: " + e.getOriginalMessage(), e);
            }
        }
    }
}
