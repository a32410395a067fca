package org.facemask.monitoring;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The folder of retained uploads: each one's original bytes in a file named after its request
 * id, so that a label given later ({@link Feedback}) can be joined with the image it is about.
 * The service writes it (when the operator turns retention on); {@code facemask feedback export}
 * reads it.
 */
public final class RetainedImages {

    private static final String SUFFIX = ".upload";
    private static final String PARTIAL = ".partial";
    // The service's request ids (RequestGate): anything else never names a file here.
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path folder;

    /**
     * @param folder where the images are (created on the first {@link #store})
     */
    public RetainedImages(Path folder) {
        this.folder = folder;
    }

    /** Returns the folder. */
    public Path folder() {
        return folder;
    }

    /**
     * Stores an upload under its request id, replacing one stored before under the same id. The
     * file appears whole or not at all: written beside it, then moved into place.
     *
     * @param requestId the request id
     * @param bytes the upload as it came
     * @throws IOException if the disk refuses it
     * @throws IllegalArgumentException if the id cannot name a file
     */
    public void store(String requestId, byte[] bytes) throws IOException {
        Path target = file(requestId).orElseThrow(() -> new IllegalArgumentException("not a request id: "
                + requestId));
        Files.createDirectories(folder);
        Path partial = folder.resolve(requestId + "." + UUID.randomUUID() + PARTIAL);
        try {
            Files.write(partial, bytes);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Returns the file of a request's upload, if one is retained.
     *
     * @param requestId the request id
     * @return the file, or empty when none is stored (or the id names no file)
     */
    public Optional<Path> find(String requestId) {
        return file(requestId).filter(Files::isRegularFile);
    }

    /**
     * Deletes every upload (and every write left half-done) last written before a time.
     *
     * @param cutoff files older than this go
     * @return how many files were deleted
     * @throws IOException if the folder cannot be listed
     */
    public int deleteOlderThan(Instant cutoff) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*{" + SUFFIX + "," + PARTIAL + "}")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (NoSuchFileException e) {
                    // Replaced or deleted meanwhile: nothing left to do for it.
                }
            }
        }
        return deleted;
    }

    private Optional<Path> file(String requestId) {
        // Ids such as ".." pass the pattern; with the suffix they are plain names inside the folder.
        return requestId != null && REQUEST_ID.matcher(requestId).matches()
                ? Optional.of(folder.resolve(requestId + SUFFIX)) : Optional.empty();
    }
}
