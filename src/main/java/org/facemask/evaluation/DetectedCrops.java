package org.facemask.evaluation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.facemask.dataset.ClassNames;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.FaceDetector;

/**
 * Cuts training crops the way the service will see faces: from the detector's boxes (not the
 * annotated ones, which are tighter), each labelled by the annotated face it matches
 * (IoU ≥ {@link SceneEvaluator#MATCH_IOU}).
 */
public final class DetectedCrops {

    /**
     * A detection overlapping an annotated face at least this much is neither a clear hit nor a
     * clear miss (a loose or shifted box around a real face): the face check learns from neither.
     */
    static final double AMBIGUOUS_IOU = 0.2;

    private DetectedCrops() {}

    /**
     * Writes {@code dest/<class>/<image>_d<n>.png} for every detected face that matches an
     * annotation; unmatched detections are left out.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param dest output folder
     * @param detector the service's detector
     * @param photos which photos to use, by image file name
     * @return crops written per class
     * @throws IOException if the folder cannot be read or a crop cannot be written
     */
    public static Map<String, Integer> extract(Path vocDir, Path dest, FaceDetector detector, Predicate<String> photos)
            throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        forEachScene(vocDir, detector, photos, (scene, truth, found, matches) -> {
            int n = 0;
            for (int i = 0; i < matches.size(); i++) {
                if (matches.get(i) != null) {
                    String label = truth.faces().get(i).label();
                    VocCrops.writeCrop(matches.get(i).crop(scene, DetectedFace.CROP_MARGIN), dest, label,
                            String.format(Locale.ROOT, "%s_d%d.png", truth.stem(), n++));
                    counts.merge(label, 1, Integer::sum);
                }
            }
        });
        return counts;
    }

    /**
     * Writes the face check's training set: every detection that matches an annotated face to
     * {@code dest/face/}, and the best-scored detections that overlap no annotated face to
     * {@code dest/not_face/}, cropped with {@link FaceDetector#CHECK_MARGIN}. File names end with the
     * detector score ({@code _s0.734.png}), so a subset above any threshold can be picked later.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param dest output folder
     * @param detector the detector whose candidates are to be checked, at its candidate threshold
     * @param photos which photos to use, by image file name
     * @param maxNotFacesPerPhoto how many false detections per photo to keep at most, best scored first
     * @return crops written per class
     * @throws IOException if the folder cannot be read or a crop cannot be written
     */
    public static Map<String, Integer> extractFaceChecks(Path vocDir, Path dest, FaceDetector detector,
            Predicate<String> photos, int maxNotFacesPerPhoto) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        forEachScene(vocDir, detector, photos, (scene, truth, found, matches) -> {
            List<DetectedFace> faces = new ArrayList<>();
            for (DetectedFace match : matches) {
                if (match != null) {
                    faces.add(match);
                }
            }
            List<DetectedFace> annotated = truth.faces().stream().map(SceneEvaluator::asDetection).toList();
            List<DetectedFace> notFaces = new ArrayList<>();
            for (DetectedFace candidate : found) {
                if (annotated.stream().allMatch(face -> face.iou(candidate) < AMBIGUOUS_IOU)) {
                    notFaces.add(candidate);
                }
            }
            notFaces.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
            int n = 0;
            for (DetectedFace face : faces) {
                writeCheck(scene, face, dest, ClassNames.FACE, truth.stem(), n++, counts);
            }
            for (DetectedFace notFace : notFaces.subList(0, Math.min(maxNotFacesPerPhoto, notFaces.size()))) {
                writeCheck(scene, notFace, dest, ClassNames.NOT_FACE, truth.stem(), n++, counts);
            }
        });
        return counts;
    }

    private interface SceneVisitor {
        void visit(BufferedImage scene, VocCrops.Annotation truth, List<DetectedFace> found,
                List<DetectedFace> matches) throws IOException;
    }

    private static void forEachScene(Path vocDir, FaceDetector detector, Predicate<String> photos, SceneVisitor visitor)
            throws IOException {
        VocCrops.forEachPhoto(vocDir, photos, (truth, scene) -> {
            List<DetectedFace> found = detector.detect(scene);
            visitor.visit(scene, truth, found, SceneEvaluator.matchOneToOne(truth.faces(), found));
        });
    }

    private static void writeCheck(BufferedImage scene, DetectedFace box, Path dest, String label, String stem, int n,
            Map<String, Integer> counts) throws IOException {
        VocCrops.writeCrop(box.crop(scene, FaceDetector.CHECK_MARGIN), dest, label,
                String.format(Locale.ROOT, "%s_c%d_s%.3f.png", stem, n, box.score()));
        counts.merge(label, 1, Integer::sum);
    }
}
