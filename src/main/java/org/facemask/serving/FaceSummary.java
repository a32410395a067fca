package org.facemask.serving;

import java.util.List;
import org.facemask.data.ClassNames;
import org.facemask.model.Prediction;

/**
 * What an operator wants from one image: how many people, how many wear a mask properly.
 * When no face was found (tight crops defeat detectors) the whole image counts as one person,
 * and {@code basis} says so.
 *
 * @param faces faces found by the detector
 * @param masked people wearing a mask properly
 * @param unmasked people without a mask
 * @param incorrect people wearing a mask that leaves nose or mouth uncovered
 * @param compliance share of people masked properly (0 to 1)
 * @param basis {@code faces} or {@code whole_image}
 */
record FaceSummary(int faces, int masked, int unmasked, int incorrect, double compliance, String basis) {

    static final String FACES = "faces";
    static final String WHOLE_IMAGE = "whole_image";

    /**
     * Counts the people of one upload.
     *
     * @param wholeImage the classification of the whole image
     * @param faces the faces found, or null when no detection ran
     * @return the summary
     */
    static FaceSummary of(Prediction wholeImage, List<ClassificationService.Face> faces) {
        if (faces == null || faces.isEmpty()) {
            return count(0, List.of(wholeImage), WHOLE_IMAGE);
        }
        return count(faces.size(), faces.stream().map(ClassificationService.Face::prediction).toList(), FACES);
    }

    private static FaceSummary count(int faces, List<Prediction> people, String basis) {
        int masked = 0;
        int incorrect = 0;
        for (Prediction p : people) {
            masked += p.label().equals(ClassNames.MASK) ? 1 : 0;
            incorrect += p.label().equals(ClassNames.MASK_INCORRECT) ? 1 : 0;
        }
        int unmasked = people.size() - masked - incorrect;
        return new FaceSummary(faces, masked, unmasked, incorrect,
                Math.round(masked * 1000.0 / people.size()) / 1000.0, basis);
    }
}
