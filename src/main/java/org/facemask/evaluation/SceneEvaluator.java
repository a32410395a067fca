package org.facemask.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.facemask.dataset.ClassNames;
import org.facemask.dataset.SceneHoldout;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.FaceDetector;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;

/**
 * Measures detection plus per-face classification on a VOC folder of scene photos: each
 * annotated face is matched one-to-one to the detection overlapping it most (IoU ≥ 0.5), then the
 * classifier's label on the detected crop is compared with the annotation.
 */
public final class SceneEvaluator {

    /** Minimum overlap for a detection to count as finding an annotated face. */
    public static final double MATCH_IOU = 0.5;
    private static final int[] WIDTH_BINS = {16, 32, 64};

    private SceneEvaluator() {}

    /**
     * The measurements.
     *
     * @param images scene photos evaluated
     * @param faces annotated faces
     * @param faceRecall share of annotated faces matched by a detection
     * @param falseDetectionsPerImage unmatched detections per photo
     * @param accuracyMatched mask-vs-no_mask accuracy on matched faces annotated mask or no_mask
     * @param accuracyEndToEnd the same over all such faces, a missed face counting as wrong
     * @param recallByWidth face recall per annotated width bin (pixels)
     * @param confusion truth label → predicted label → count, over matched faces
     * @param imagesPerSecond end-to-end speed (decode, detect, classify)
     */
    public record Result(int images, int faces, double faceRecall, double falseDetectionsPerImage,
            double accuracyMatched, double accuracyEndToEnd, Map<String, Double> recallByWidth,
            Map<String, Map<String, Integer>> confusion, double imagesPerSecond) {}

    /**
     * Evaluates a VOC folder.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param detector the face detector
     * @param classifier the per-face classifier
     * @param photos which photos to measure, by image file name (e.g. a {@link SceneHoldout}'s)
     * @return the measurements
     * @throws IOException if the folder cannot be read
     */
    public static Result evaluate(Path vocDir, FaceDetector detector, MaskClassifier classifier,
            Predicate<String> photos) throws IOException {
        Tally tally = new Tally();
        long start = System.nanoTime();
        VocCrops.forEachPhoto(vocDir, photos, (truth, scene) -> tally.add(truth, scene, detector.detect(scene),
                classifier));
        return tally.result((System.nanoTime() - start) / 1e9);
    }

    /** The running counts behind a {@link Result}, one photo at a time. */
    private static final class Tally {
        private int images;
        private int faces;
        private int matched;
        private int falseDetections;
        private int binary;
        private int binaryRight;
        private int binaryMatched;
        private final int[] binFaces = new int[WIDTH_BINS.length + 1];
        private final int[] binFound = new int[WIDTH_BINS.length + 1];
        private final Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();

        void add(VocCrops.Annotation truth, BufferedImage scene, List<DetectedFace> found,
                MaskClassifier classifier) {
            List<DetectedFace> matches = matchOneToOne(truth.faces(), found);
            images++;
            int matchedHere = 0;
            for (int i = 0; i < matches.size(); i++) {
                VocCrops.FaceBox face = truth.faces().get(i);
                faces++;
                int bin = bin(face.width());
                binFaces[bin]++;
                boolean isBinary = face.label().equals(ClassNames.MASK) || face.label().equals(ClassNames.NO_MASK);
                binary += isBinary ? 1 : 0;
                DetectedFace match = matches.get(i);
                if (match == null) {
                    continue;
                }
                matchedHere++;
                matched++;
                binFound[bin]++;
                Prediction p = classifier.predict(match.crop(scene, DetectedFace.CROP_MARGIN));
                confusion.computeIfAbsent(face.label(), k -> new LinkedHashMap<>()).merge(p.label(), 1, Integer::sum);
                if (isBinary) {
                    binaryMatched++;
                    binaryRight += p.label().equals(face.label()) ? 1 : 0;
                }
            }
            falseDetections += found.size() - matchedHere;
        }

        Result result(double seconds) {
            Map<String, Double> recallByWidth = new LinkedHashMap<>();
            for (int b = 0; b <= WIDTH_BINS.length; b++) {
                String name = b == 0 ? "<" + WIDTH_BINS[0] : b == WIDTH_BINS.length ? ">=" + WIDTH_BINS[b - 1]
                        : WIDTH_BINS[b - 1] + "-" + WIDTH_BINS[b];
                recallByWidth.put(name, binFaces[b] == 0 ? Double.NaN : binFound[b] / (double) binFaces[b]);
            }
            return new Result(images, faces, ratio(matched, faces), ratio(falseDetections, images),
                    ratio(binaryRight, binaryMatched), ratio(binaryRight, binary), recallByWidth, confusion,
                    images / seconds);
        }
    }

    /**
     * Writes the result as JSON with snake_case keys.
     *
     * @param result the measurements
     * @param file where
     * @throws IOException if it cannot be written
     */
    public static void writeJson(Result result, Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("images", result.images());
        doc.put("faces", result.faces());
        doc.put("face_recall", result.faceRecall());
        doc.put("false_detections_per_image", result.falseDetectionsPerImage());
        doc.put("accuracy_matched", result.accuracyMatched());
        doc.put("accuracy_end_to_end", result.accuracyEndToEnd());
        doc.put("recall_by_width", result.recallByWidth());
        doc.put("confusion", result.confusion());
        doc.put("images_per_second", result.imagesPerSecond());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    /**
     * Returns an annotated face as a box, to measure overlaps with detections.
     *
     * @param face an annotated face
     * @return its box, score 1
     */
    public static DetectedFace asDetection(VocCrops.FaceBox face) {
        return new DetectedFace(face.xmin(), face.ymin(), face.xmax(), face.ymax(), 1, 0);
    }

    /**
     * Matches annotated faces to detections one to one, greedily in annotation order: each face
     * takes the unused detection overlapping it most (IoU ≥ {@link #MATCH_IOU}).
     *
     * @param faces the annotated faces
     * @param found the detections
     * @return the matched detection of each face, in the faces' order; null where a face was missed
     */
    static List<DetectedFace> matchOneToOne(List<VocCrops.FaceBox> faces, List<DetectedFace> found) {
        List<DetectedFace> unused = new ArrayList<>(found);
        List<DetectedFace> matches = new ArrayList<>(faces.size());
        for (VocCrops.FaceBox face : faces) {
            DetectedFace annotated = asDetection(face);
            DetectedFace best = null;
            double bestIou = MATCH_IOU;
            for (DetectedFace d : unused) {
                double iou = d.iou(annotated);
                if (iou >= bestIou) {
                    best = d;
                    bestIou = iou;
                }
            }
            unused.remove(best);
            matches.add(best);
        }
        return matches;
    }

    private static int bin(int width) {
        for (int b = 0; b < WIDTH_BINS.length; b++) {
            if (width < WIDTH_BINS[b]) {
                return b;
            }
        }
        return WIDTH_BINS.length;
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? Double.NaN : part / (double) whole;
    }
}
