package org.facemask.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder of model versions and a pointer to the one to serve:
 *
 * <pre>
 * REGISTRY/
 *   current          the served version's name and a newline, e.g. "3"
 *   versions/1/      a model artifact folder, as promoted
 *   versions/2/ ...
 * </pre>
 *
 * <p>The pointer is a small file replaced by an atomic rename, not a symbolic link: the volumes
 * Kubernetes pods share (NFS, SMB/Azure Files, CephFS, cloud-file CSI drivers) all keep a
 * same-folder rename atomic, while symbolic links are refused or followed differently by several
 * of them. A reader thus sees the old name or the new one, never half of one. Version folders are
 * filled under a hidden name and renamed into place, so a reader never sees a half-copied one;
 * they are never changed afterwards.
 *
 * <p>Every version is checked before the pointer names it: the copy is loaded on ONNX Runtime
 * and runs one prediction. A model whose gate report ({@value #GATE_FILE}) says it was rejected
 * is refused.
 */
public final class ModelRegistry {

    /** The pointer file, in the registry folder. */
    public static final String CURRENT = "current";
    /** The folder holding the versions, in the registry folder. */
    public static final String VERSIONS = "versions";
    /** The retrain gate's report in a model folder; {@code "decision": "rejected"} blocks promotion. */
    public static final String GATE_FILE = "gate.json";

    private final Path root;

    /**
     * @param root the registry folder; created by the first {@link #promote}
     */
    public ModelRegistry(Path root) {
        this.root = root;
    }

    /** Returns the registry folder. */
    public Path root() {
        return root;
    }

    /**
     * Reads the pointer.
     *
     * @return the current version's name, or empty when nothing was promoted yet
     * @throws IOException if the pointer exists but cannot be read
     */
    public Optional<String> current() throws IOException {
        Path pointer = root.resolve(CURRENT);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * Returns a version's folder (which may not exist).
     *
     * @param version a version name, e.g. {@code 3}
     * @return {@code REGISTRY/versions/VERSION}
     */
    public Path versionDir(String version) {
        if (!version.matches("[0-9]+")) {
            throw new IllegalArgumentException("a registry version is a number, got '" + version + "'");
        }
        return root.resolve(VERSIONS).resolve(version);
    }

    /**
     * Lists the versions, oldest first.
     *
     * @return the version names
     * @throws IOException if the folder cannot be listed
     */
    public List<String> versions() throws IOException {
        Path dir = root.resolve(VERSIONS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
                    .sorted(Comparator.comparingLong(Long::parseLong)).toList();
        }
    }

    /**
     * Copies a model in as the next version and points {@code current} at it.
     *
     * @param model a model artifact folder
     * @return the new version's name
     * @throws ModelArtifactException if the model does not load, or its gate rejected it
     * @throws IOException if copying or writing fails
     */
    public String promote(Path model) throws IOException {
        ModelArtifact.readMetadata(model);
        refuseRejected(model);
        Path versions = Files.createDirectories(root.resolve(VERSIONS));
        Path incoming = versions.resolve(".incoming-" + UUID.randomUUID());
        try {
            copyFlat(model, incoming);
            check(incoming);
            // Two promotions at once each take the next free number: a rename onto an existing
            // version fails, and the loser tries the number after it.
            while (true) {
                List<String> known = versions();
                long next = known.isEmpty() ? 1 : Long.parseLong(known.get(known.size() - 1)) + 1;
                Path target = versions.resolve(Long.toString(next));
                try {
                    Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException taken) {
                    continue;
                }
                writePointer(target.getFileName().toString());
                return target.getFileName().toString();
            }
        } finally {
            deleteTree(incoming);
        }
    }

    /**
     * Points {@code current} at a version already in the registry (a rollback, or a roll forward).
     *
     * @param version the version's name
     * @throws ModelArtifactException if that version is missing or does not load
     * @throws IOException if the pointer cannot be written
     */
    public void pointTo(String version) throws IOException {
        Path dir = versionDir(version);
        if (!Files.isDirectory(dir)) {
            throw new ModelArtifactException("no version " + version + " in " + root + "; versions: " + versions());
        }
        check(dir);
        writePointer(version);
    }

    private void writePointer(String version) throws IOException {
        Path tmp = root.resolve("." + CURRENT + "-" + UUID.randomUUID());
        Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Refuses a model its retrain gate rejected: promotion must not undo the gate's decision. */
    private static void refuseRejected(Path model) throws IOException {
        Path gate = model.resolve(GATE_FILE);
        if (!Files.isRegularFile(gate)) {
            return;
        }
        JsonNode report = ModelArtifact.JSON.readTree(gate.toFile());
        if (report != null && "rejected".equals(report.path("decision").asText())) {
            throw new ModelArtifactException(model + " was rejected by its retrain gate (" + gate
                    + "); only accepted candidates are promoted");
        }
    }

    /**
     * Loads a model folder the way the service does and runs one prediction: what is promoted
     * must be servable, not merely present.
     *
     * @param dir a model artifact folder
     * @throws ModelArtifactException if it does not load or run
     */
    public static void check(Path dir) {
        try (MaskClassifier classifier = MaskClassifier.load(dir, Backend.ONNX)) {
            classifier.predict(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
        }
    }

    /** Copies the files of a model folder (artifacts are flat; sub-folders are not model parts). */
    private static void copyFlat(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
