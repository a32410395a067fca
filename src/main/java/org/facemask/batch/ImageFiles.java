package org.facemask.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The images an input names: a folder walked recursively, or a text file listing one path per line. */
final class ImageFiles {

    /** File name endings of the formats the service decodes; other files in a folder are not images to score. */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "png", "webp", "bmp", "gif", "tif", "tiff");

    /**
     * One image to score.
     *
     * @param path how the output names it: relative to the input folder with {@code /} separators, or
     *     the line of the list as written; the shard is chosen from it
     * @param file where to read it
     */
    record ImageFile(String path, Path file) {}

    private ImageFiles() {}

    /**
     * Lists the images of an input that belong to a shard, sorted by path.
     *
     * @param input a folder, or a text file of paths (relative ones are relative to the list's folder;
     *     blank lines and lines starting with {@code #} are skipped)
     * @param shard the part to keep
     * @return the shard's images
     * @throws IOException if the input cannot be read
     */
    static List<ImageFile> list(Path input, Shard shard) throws IOException {
        if (!Files.exists(input)) {
            throw new IllegalArgumentException("input not found: " + input);
        }
        List<ImageFile> all = Files.isDirectory(input) ? walk(input) : listed(input);
        return all.stream().filter(f -> shard.contains(f.path()))
                .sorted(Comparator.comparing(ImageFile::path)).toList();
    }

    private static List<ImageFile> walk(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> isImageName(f.getFileName().toString()))
                    .filter(f -> !hidden(root.relativize(f)))
                    .map(f -> new ImageFile(relative(root, f), f)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<ImageFile> listed(Path list) throws IOException {
        Path base = list.toAbsolutePath().getParent();
        List<ImageFile> files = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String path = line.strip();
            if (!path.isEmpty() && !path.startsWith("#")) {
                files.add(new ImageFile(path, base.resolve(path)));
            }
        }
        return files;
    }

    /** Returns whether a file name ends as an image format the service decodes does. */
    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Dot-files and dot-folders (.git, macOS's ._ copies) hold no images to score. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }
}
