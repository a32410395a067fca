package org.facemask.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Augmentations beyond the standard set, each aimed at a failure the robustness report exposes.
 * Opt-in ({@code facemask train --augment occlusion,jpeg,blur}), so a run without them trains as
 * before.
 */
public enum CameraAugmentation {
    /**
     * A skin- or cloth-coloured patch over mouth and nose of unmasked faces, still labelled
     * {@code no_mask}: a covered mouth is not a mask.
     */
    OCCLUSION("lower-face occlusion of no_mask faces (p=0.3, skin or cloth, shape and place jittered)"),
    /** JPEG re-encoding as streams and cheap cameras deliver it. */
    JPEG("JPEG re-encoding (p=0.25, quality 15-90)"),
    /** Gaussian blur: out of focus, motion, dirty lens. */
    BLUR("Gaussian blur (p=0.25, sigma 0.3-1.8 px at the training size)");

    private final String description;

    CameraAugmentation(String description) {
        this.description = description;
    }

    /** Returns the name as the command line and {@code model.json} spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns what it does, for {@code model.json}. */
    public String description() {
        return description;
    }

    /**
     * Parses names as {@link #id()} spells them.
     *
     * @param ids e.g. {@code ["occlusion", "jpeg"]}
     * @return the set, empty for none
     * @throws IllegalArgumentException naming an unknown one and the known ones
     */
    public static Set<CameraAugmentation> parse(Collection<String> ids) {
        Set<CameraAugmentation> set = EnumSet.noneOf(CameraAugmentation.class);
        for (String id : ids) {
            try {
                set.add(valueOf(id.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown augmentation '" + id + "'; known: "
                        + String.join(", ", ids(EnumSet.allOf(CameraAugmentation.class))), e);
            }
        }
        return set;
    }

    /**
     * Returns the ids of a set, in declaration order.
     *
     * @param set the augmentations
     * @return their ids
     */
    public static List<String> ids(Set<CameraAugmentation> set) {
        List<String> out = new ArrayList<>();
        for (CameraAugmentation a : values()) {
            if (set.contains(a)) {
                out.add(a.id());
            }
        }
        return out;
    }
}
