package org.facemask.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One source of labelled faces for training and validation: a split folder with {@code train/}
 * and/or {@code val/} (or {@code validation/}) class folders, a name that reports are keyed by,
 * and a sampling weight (how many times each of its training images is drawn per epoch, on
 * average; 0.5 draws half of them).
 *
 * <p>{@code facemask split} reads the same {@code [NAME=]DIR[:WEIGHT]} specs, where DIR holds
 * class folders ({@link #scanClassFolders()}), and writes one split folder per source.
 *
 * @param name the short name used in reports, e.g. {@code classification}
 * @param dir the split folder
 * @param weight the sampling weight, in (0, 10]
 */
public record DataSource(String name, Path dir, double weight) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern WEIGHTED = Pattern.compile("(.*):([0-9]*\\.?[0-9]+)");

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the source and the problem
     */
    public DataSource {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("source name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (!(weight > 0 && weight <= 10)) {
            throw new IllegalArgumentException("source " + name + ": weight must be in (0, 10], not " + weight);
        }
    }

    /**
     * Parses {@code [NAME=]DIR[:WEIGHT]}; the name defaults to the folder's name, the weight to 1.
     *
     * @param spec e.g. {@code 12k=data/face-mask-12k:0.5}
     * @return the source (not yet checked on disk: see {@link #checkAll})
     * @throws IllegalArgumentException for a malformed spec
     */
    public static DataSource parse(String spec) {
        String rest = spec.strip();
        double weight = 1;
        var weighted = WEIGHTED.matcher(rest);
        if (weighted.matches()) {
            rest = weighted.group(1);
            weight = Double.parseDouble(weighted.group(2));
        }
        int eq = rest.indexOf('=');
        Path dir = Path.of(eq >= 0 ? rest.substring(eq + 1) : rest);
        String name = eq >= 0 ? rest.substring(0, eq) : nameOf(dir);
        return new DataSource(name, dir, weight);
    }

    /**
     * Reads a manifest: {@code {"sources": [{"name": "...", "path": "...", "weight": 1.0}, ...]}}
     * ({@code name} and {@code weight} optional); relative paths are resolved against the
     * manifest's folder.
     *
     * @param manifest the JSON file
     * @return the sources, in file order
     * @throws IOException if the file cannot be read or is malformed
     */
    public static List<DataSource> readManifest(Path manifest) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read source manifest " + manifest + ": " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("sources");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IOException("source manifest " + manifest + " has no \"sources\" list");
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<DataSource> sources = new ArrayList<>();
        for (JsonNode node : list) {
            if (!node.hasNonNull("path")) {
                throw new IOException("source manifest " + manifest + ": an entry has no \"path\": " + node);
            }
            Path dir = base.resolve(node.get("path").asText());
            String name = node.hasNonNull("name") ? node.get("name").asText() : nameOf(dir);
            try {
                sources.add(new DataSource(name, dir, node.path("weight").asDouble(1)));
            } catch (IllegalArgumentException e) {
                throw new IOException("source manifest " + manifest + ": " + e.getMessage(), e);
            }
        }
        return sources;
    }

    /**
     * Writes a manifest that {@link #readManifest} reads back: paths relative to the manifest's
     * folder when they lie under it, so the folder can be moved as a whole.
     *
     * @param sources the sources, in order
     * @param manifest the JSON file to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     */
    public static void writeManifest(List<DataSource> sources, Path manifest) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path base = manifest.toAbsolutePath().normalize().getParent();
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("sources");
        for (DataSource source : sources) {
            Path dir = source.dir().toAbsolutePath().normalize();
            list.addObject()
                    .put("name", source.name())
                    .put("path", (dir.startsWith(base) ? base.relativize(dir) : dir).toString())
                    .put("weight", source.weight());
        }
        json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
    }

    /**
     * Checks that names are unique and that each source's folder exists with a {@code train/} or
     * {@code val/}; {@link #trainSet()} and {@link #valSet()} then scan their class folders.
     *
     * @param sources the sources of one run
     * @return the sources
     * @throws IOException naming the first duplicate name, or missing or empty source
     */
    public static List<DataSource> checkAll(List<DataSource> sources) throws IOException {
        if (sources.isEmpty()) {
            throw new IOException("no data source given");
        }
        Set<String> names = new HashSet<>();
        for (DataSource source : sources) {
            if (!names.add(source.name())) {
                throw new IOException("two sources are named '" + source.name() + "': name them (NAME=DIR)");
            }
            if (!Files.isDirectory(source.dir())) {
                throw new IOException("source " + source.name() + ": folder not found: " + source.dir());
            }
            if (source.trainDir().isEmpty() && source.valDir().isEmpty()) {
                throw new IOException("source " + source.name() + ": " + source.dir()
                        + " has neither train/ nor val/ (or validation/)");
            }
        }
        return List.copyOf(sources);
    }

    /**
     * Scans the training class folders, if this source has {@code train/}.
     *
     * @return the dataset, or empty
     * @throws IOException naming this source, if {@code train/} holds no known class folder
     */
    public Optional<ClassFolders> trainSet() throws IOException {
        return trainDir().isPresent() ? Optional.of(scan(trainDir().get())) : Optional.empty();
    }

    /**
     * Scans the validation class folders, if this source has {@code val/} (or {@code validation/}).
     *
     * @return the dataset, or empty
     * @throws IOException naming this source, if the folder holds no known class folder
     */
    public Optional<ClassFolders> valSet() throws IOException {
        return valDir().isPresent() ? Optional.of(scan(valDir().get())) : Optional.empty();
    }

    /**
     * Scans this source's folder itself as class folders: the input of {@code facemask split}.
     *
     * @return the dataset
     * @throws IOException naming this source, if the folder is missing or holds no known class folder
     */
    public ClassFolders scanClassFolders() throws IOException {
        return scan(dir);
    }

    private ClassFolders scan(Path folder) throws IOException {
        try {
            return ClassFolders.scan(folder);
        } catch (IOException e) {
            throw new IOException("source " + name + ": " + e.getMessage(), e);
        }
    }

    /** Returns the training class folders, if this source has any. */
    public Optional<Path> trainDir() {
        return existing("train");
    }

    /** Returns the validation class folders ({@code val/} or {@code validation/}), if any. */
    public Optional<Path> valDir() {
        return existing("val").or(() -> existing("validation"));
    }

    private Optional<Path> existing(String part) {
        Path p = dir.resolve(part);
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    private static String nameOf(Path dir) {
        Path file = dir.toAbsolutePath().normalize().getFileName();
        String name = file == null ? "data" : file.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "data" + name : name;
    }
}
