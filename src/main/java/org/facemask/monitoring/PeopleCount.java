package org.facemask.monitoring;

/**
 * Who was in one upload, by face detection: what compliance statistics are made of.
 *
 * @param faces faces the detector found (0: the whole image counted as one person)
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

    /** Returns the number of people counted. */
    public int people() {
        return masked + unmasked + incorrect;
    }
}
