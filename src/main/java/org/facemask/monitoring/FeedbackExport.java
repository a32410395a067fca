package org.facemask.monitoring;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemask.dataset.ClassNames;
import org.facemask.detection.DetectedFace;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;

/**
 * Turns the feedback in a prediction log and the retained uploads into a class-folder dataset
 * ({@code mask/}, {@code no_mask/}, {@code mask_incorrect/}) that training reads, with a
 * {@code manifest.csv} (file, label, request id, face, time).
 *
 * <p>Whole images are the uploads' original bytes, from whole-image feedback; face crops (from
 * feedback on one face) are cut from the upload decoded upright at full resolution with the
 * logged box and {@link DetectedFace#CROP_MARGIN}, as the service cuts faces for the classifier.
 * Re-running gives the same folder: files are named after the request (and face), unchanged files
 * are left alone, and files an earlier run wrote that no longer belong (the label changed, the
 * upload was deleted) are removed; files it never wrote are never touched.
 */
public final class FeedbackExport {

    /** The manifest's name in the dataset folder. */
    public static final String MANIFEST = "manifest.csv";
    private static final String HEADER = "file,label,request_id,face,time";
    private static final Set<String> LABELS = Set.of(ClassNames.MASK, ClassNames.NO_MASK, ClassNames.MASK_INCORRECT);
    private static final Map<String, String> EXTENSIONS = Map.of("jpeg", "jpg", "png", "png", "webp", "webp",
            "gif", "gif", "bmp", "bmp", "tiff", "tif");

    /**
     * What an export did.
     *
     * @param written files in the dataset, by class
     * @param skipped feedback left out, by reason
     */
    public record Summary(Map<String, Integer> written, Map<String, Integer> skipped) {

        /** Returns one line for people. */
        public String describe() {
            int total = written.values().stream().mapToInt(Integer::intValue).sum();
            String line = total + " files " + written;
            int left = skipped.values().stream().mapToInt(Integer::intValue).sum();
            return left == 0 ? line : line + "; skipped " + left + " " + skipped;
        }
    }

    private record Entry(String file, String label, String requestId, Integer face, Instant time) {}

    private final ImageDecoder decoder = new ImageDecoder();

    /**
     * Writes the dataset.
     *
     * @param log the prediction log with its feedback
     * @param images the retained uploads
     * @param dest the dataset folder (created)
     * @param faces face crops from per-face feedback, instead of whole images from whole-image feedback
     * @return what was written and what was left out
     * @throws IOException if the dataset cannot be written
     */
    public Summary export(PredictionLogReader log, RetainedImages images, Path dest, boolean faces)
            throws IOException {
        Files.createDirectories(dest);
        Set<String> before = previousFiles(dest);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (Feedback f : log.feedback(Instant.EPOCH, Instant.now().plusSeconds(1), Integer.MAX_VALUE)) {
            Optional<String> reason;
            if (!LABELS.contains(f.label())) {
                reason = Optional.of("unknown label");
            } else if (faces == (f.face() == null)) {
                reason = Optional.of(faces ? "whole-image feedback" : "face feedback (use --faces)");
            } else {
                reason = write(f, log, images, dest, faces, entries);
            }
            reason.ifPresent(r -> skipped.merge(r, 1, Integer::sum));
        }
        Set<String> now = entries.stream().map(Entry::file).collect(Collectors.toSet());
        for (String stale : before) {
            if (!now.contains(stale)) {
                Files.deleteIfExists(dest.resolve(stale));
            }
        }
        writeManifest(dest, entries);
        Map<String, Integer> written = new TreeMap<>();
        entries.forEach(e -> written.merge(e.label(), 1, Integer::sum));
        return new Summary(written, skipped);
    }

    /** Writes one labelled image; returns why it was left out, if it was. */
    private Optional<String> write(Feedback f, PredictionLogReader log, RetainedImages images, Path dest,
            boolean faces, List<Entry> entries) throws IOException {
        List<PredictionRecord> records = log.byRequest(f.requestId());
        if (records.isEmpty()) {
            return Optional.of("no logged prediction");
        }
        PredictionRecord prediction = records.get(records.size() - 1);
        Optional<Path> upload = images.find(f.requestId());
        if (upload.isEmpty()) {
            return Optional.of("upload not retained");
        }
        byte[] bytes = Files.readAllBytes(upload.get());
        String file;
        byte[] content;
        if (faces) {
            if (prediction.faces() == null || f.face() >= prediction.faces().size()) {
                return Optional.of("no face box logged");
            }
            LoggedFace box = prediction.faces().get(f.face());
            DecodedImage decoded;
            try {
                decoded = decoder.decode(bytes);
            } catch (ImageDecodingException e) {
                return Optional.of("unreadable upload");
            }
            BufferedImage crop = new DetectedFace(box.x1(), box.y1(), box.x2(), box.y2(), 1, Double.NaN)
                    .crop(decoded.rgb(), DetectedFace.CROP_MARGIN);
            file = f.label() + "/" + f.requestId() + "_face" + f.face() + ".png";
            content = png(crop);
        } else {
            file = f.label() + "/" + f.requestId() + "." + EXTENSIONS.getOrDefault(prediction.image().format(), "img");
            content = bytes;
        }
        Path target = dest.resolve(file);
        if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
            Files.createDirectories(target.getParent());
            replace(target, content);
        }
        entries.add(new Entry(file, f.label(), f.requestId(), f.face(), f.time()));
        return Optional.empty();
    }

    /** The files an earlier run wrote, from its manifest. */
    private static Set<String> previousFiles(Path dest) throws IOException {
        Path manifest = dest.resolve(MANIFEST);
        if (!Files.exists(manifest)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(manifest, StandardCharsets.UTF_8)) {
            return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.substring(0, l.indexOf(',')))
                    // Only files inside the dataset: a manifest edited by hand must not delete elsewhere.
                    .filter(name -> dest.resolve(name).normalize().startsWith(dest.normalize()))
                    .collect(Collectors.toSet());
        }
    }

    private static void writeManifest(Path dest, List<Entry> entries) throws IOException {
        Map<String, Entry> sorted = new TreeMap<>();
        entries.forEach(e -> sorted.put(e.file(), e));
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        // Request ids are [A-Za-z0-9._-] and labels fixed names: no field needs quoting.
        for (Entry e : sorted.values()) {
            csv.append(e.file()).append(',').append(e.label()).append(',').append(e.requestId()).append(',')
                    .append(e.face() == null ? "" : e.face()).append(',').append(e.time()).append('\n');
        }
        replace(dest.resolve(MANIFEST), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, content);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a face crop as PNG", e);
        }
        return out.toByteArray();
    }
}
