package org.facemask.detection;

import java.util.List;
import org.facemask.dataset.ClassNames;

/**
 * Who was in one upload, by face detection: what compliance statistics are made of. Only faces
 * found count: an upload without one counts nobody (records logged before 2026-11-26 counted the
 * whole image as one person, with {@code faces} 0).
 *
 * @param faces faces the detector found
 * @param masked people wearing a mask properly
 * @param unmasked people without a mask
 * @param incorrect people wearing a mask that leaves nose or mouth uncovered
 */
public record PeopleCount(int faces, int masked, int unmasked, int incorrect) {

    /** Validates. */
    public PeopleCount {
        if (faces < 0 || masked < 0 || unmasked < 0 || incorrect < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * Counts the people of the faces found by their predicted labels.
     *
     * @param labels one predicted class name per face found (none: nobody counted)
     * @return the count; any label but mask and mask_incorrect counts as unmasked
     */
    public static PeopleCount of(List<String> labels) {
        int masked = 0;
        int incorrect = 0;
        for (String label : labels) {
            masked += label.equals(ClassNames.MASK) ? 1 : 0;
            incorrect += label.equals(ClassNames.MASK_INCORRECT) ? 1 : 0;
        }
        return new PeopleCount(labels.size(), masked, labels.size() - masked - incorrect, incorrect);
    }

    /** Returns the number of people counted. */
    public int people() {
        return masked + unmasked + incorrect;
    }

    /** Returns the share of people wearing a mask properly, NaN when nobody was counted. */
    public double compliance() {
        return people() == 0 ? Double.NaN : masked / (double) people();
    }
}
