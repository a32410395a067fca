package org.facemask.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * A fixed share of scene photos kept out of training, chosen by a hash of the file name so that
 * {@code facemask crops} and {@code facemask evaluate-scenes} agree on it without a list file,
 * and every face of one photo stays on one side.
 */
public final class SceneHoldout {

    private final double fraction;

    /**
     * @param fraction share of photos held out, in [0, 1)
     * @throws IllegalArgumentException outside that range
     */
    public SceneHoldout(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("hold-out fraction must be in [0, 1), not " + fraction);
        }
        this.fraction = fraction;
    }

    /**
     * Tells whether a photo belongs to the held-out share.
     *
     * @param imageFile the photo's file name (no folder)
     * @return whether it is held out
     */
    public boolean contains(String imageFile) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(imageFile.getBytes(StandardCharsets.UTF_8));
            long top = ((digest[0] & 0xFFL) << 16) | ((digest[1] & 0xFFL) << 8) | (digest[2] & 0xFFL);
            return top < fraction * (1 << 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Returns the photos outside the held-out share: the training side. */
    public Predicate<String> negate() {
        return file -> !contains(file);
    }

    /**
     * Returns one side of the split.
     *
     * @param heldOut the held-out photos (true) or the others (false)
     * @return the photos of that side, by file name
     */
    public Predicate<String> side(boolean heldOut) {
        return heldOut ? this::contains : negate();
    }

    /** Returns the held-out share. */
    public double fraction() {
        return fraction;
    }
}
