package org.facemask.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A dataset laid out as one folder per class ({@code with_mask/}, {@code WithoutMask/}, ...).
 *
 * <p>Every regular, non-hidden file under a class folder is an image candidate, whatever its
 * extension: formats are decided by content when decoding. Folders that are no known class
 * alias are ignored and reported by {@link #ignoredFolders()}.
 */
public final class ClassFolders {

    private final Path root;
    private final List<LabeledImage> images;
    private final List<String> ignoredFolders;

    private ClassFolders(Path root, List<LabeledImage> images, List<String> ignoredFolders) {
        this.root = root;
        this.images = List.copyOf(images);
        this.ignoredFolders = List.copyOf(ignoredFolders);
    }

    /**
     * Scans {@code root} for class folders.
     *
     * @param root a folder whose sub-folders are classes
     * @return the scanned dataset, files in a stable (sorted) order
     * @throws IOException if {@code root} is not a readable folder or has no class folder
     */
    public static ClassFolders scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("dataset folder not found: " + root);
        }
        List<LabeledImage> images = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<Path> folders;
        try (Stream<Path> children = Files.list(root)) {
            folders = children.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            var label = ClassNames.canonical(name);
            if (label.isEmpty()) {
                ignored.add(name);
                continue;
            }
            // Class folders are often symlinks into a shared dataset store: follow them.
            try (Stream<Path> files = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(p -> images.add(new LabeledImage(p, label.get())));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        if (images.isEmpty()) {
            throw new IOException("no class folders with files under " + root
                    + " (expected e.g. mask/ and no_mask/, or with_mask/ and without_mask/; found "
                    + (ignored.isEmpty() ? "none" : String.join(", ", ignored)) + ")");
        }
        return new ClassFolders(root, images, ignored);
    }

    /**
     * Joins several datasets into one (e.g. the validation splits of several sources); its root
     * is their deepest common folder.
     *
     * @param parts the datasets
     * @return one dataset with all their images, in order
     */
    public static ClassFolders union(List<ClassFolders> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Path common = parts.get(0).root().toAbsolutePath().normalize();
        List<LabeledImage> images = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (ClassFolders part : parts) {
            Path root = part.root().toAbsolutePath().normalize();
            while (common != null && !root.startsWith(common)) {
                common = common.getParent();
            }
            images.addAll(part.images());
            ignored.addAll(part.ignoredFolders());
        }
        return new ClassFolders(common == null ? Path.of("/") : common, images, ignored);
    }

    /** Returns the dataset root. */
    public Path root() {
        return root;
    }

    /** Returns every image candidate with its canonical label. */
    public List<LabeledImage> images() {
        return images;
    }

    /** Returns the canonical classes present, sorted (this order is the model's class index). */
    public List<String> classes() {
        TreeSet<String> classes = new TreeSet<>();
        images.forEach(i -> classes.add(i.label()));
        return List.copyOf(classes);
    }

    /** Returns the names of sub-folders that were skipped because they name no known class. */
    public List<String> ignoredFolders() {
        return ignoredFolders;
    }

    /**
     * Fingerprints the dataset's content: SHA-256 over every file's class, name and content hash,
     * so a model records exactly which data it saw.
     *
     * @return hex SHA-256
     * @throws IOException if a file cannot be read
     */
    public String fingerprint() throws IOException {
        MessageDigest digest = newSha256();
        for (LabeledImage image : images) {
            String line = image.label() + "/" + root.relativize(image.path()) + ":" + sha256(image.path()) + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Hashes a file's content.
     *
     * @param path the file
     * @return hex SHA-256
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path path) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(path), newSha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

    /**
     * Hashes bytes already read.
     *
     * @param bytes the content
     * @return hex SHA-256
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
