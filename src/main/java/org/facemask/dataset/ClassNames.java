package org.facemask.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Canonical class names and the folder-name aliases that map onto them. */
public final class ClassNames {

    /** A face with a mask worn over nose and mouth. */
    public static final String MASK = "mask";
    /** A face without a mask. */
    public static final String NO_MASK = "no_mask";
    /** A mask that leaves the nose or mouth uncovered. */
    public static final String MASK_INCORRECT = "mask_incorrect";
    /** A face, whatever it wears: the face check's positive class. */
    public static final String FACE = "face";
    /** Anything a face detector mistook for a face: the face check's negative class. */
    public static final String NOT_FACE = "not_face";

    // Keys are folder names lower-cased with every non-letter removed, so "With Mask",
    // "with_mask" and "WithMask" are one alias.
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("mask", MASK),
            Map.entry("withmask", MASK),
            Map.entry("masked", MASK),
            Map.entry("correctlymasked", MASK),
            Map.entry("nomask", NO_MASK),
            Map.entry("withoutmask", NO_MASK),
            Map.entry("nonmask", NO_MASK),
            Map.entry("unmasked", NO_MASK),
            Map.entry("maskincorrect", MASK_INCORRECT),
            Map.entry("incorrectlymasked", MASK_INCORRECT),
            Map.entry("maskwearedincorrect", MASK_INCORRECT),
            Map.entry("maskwornincorrectly", MASK_INCORRECT),
            Map.entry("face", FACE),
            Map.entry("notface", NOT_FACE),
            Map.entry("background", NOT_FACE));

    private ClassNames() {}

    /**
     * Maps a folder name such as {@code WithoutMask} or {@code Non Mask} to its canonical class.
     *
     * @param folderName the name of a class folder
     * @return the canonical class name, or empty when the folder is not a known class
     */
    public static Optional<String> canonical(String folderName) {
        String key = folderName.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return Optional.ofNullable(ALIASES.get(key));
    }
}
