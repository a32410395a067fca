package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.facemask.data.ImageDecoder;
import org.facemask.data.VocCrops;

/**
 * Cuts training crops the way the service will see faces: from the detector's boxes (not the
 * annotated ones, which are tighter), each labelled by the annotated face it matches
 * (IoU ≥ {@link SceneEvaluator#MATCH_IOU}); unmatched detections are left out.
 */
public final class DetectedCrops {

    private DetectedCrops() {}

    /**
     * Writes {@code dest/<class>/<image>_d<n>.png} for every detected face that matches an annotation.
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
        ImageDecoder decoder = new ImageDecoder();
        Map<String, Integer> counts = new TreeMap<>();
        for (VocCrops.Annotation truth : VocCrops.readAll(vocDir, photos)) {
            BufferedImage scene = decoder.decode(vocDir.resolve("images").resolve(truth.imageFile())).rgb();
            List<DetectedFace> matches = SceneEvaluator.matchOneToOne(truth.faces(), detector.detect(scene));
            String stem = truth.imageFile().replaceFirst("\\.[^.]+$", "");
            int n = 0;
            for (int i = 0; i < matches.size(); i++) {
                VocCrops.FaceBox face = truth.faces().get(i);
                DetectedFace match = matches.get(i);
                if (match == null) {
                    continue;
                }
                Path dir = Files.createDirectories(dest.resolve(face.label()));
                ImageIO.write(match.crop(scene, SceneEvaluator.CROP_MARGIN), "png",
                        dir.resolve(String.format(Locale.ROOT, "%s_d%d.png", stem, n++)).toFile());
                counts.merge(face.label(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
