package org.facemask.video;

/**
 * A change in who is in view, from smoothed labels only: a face entering with its first label, its
 * smoothed label changing, or its track ending.
 *
 * @param time seconds from the start of the video
 * @param type {@code enter}, {@code label} or {@code leave}
 * @param track the track id
 * @param label the smoothed label (for {@code leave}: the last one)
 */
public record VideoEvent(double time, String type, int track, String label) {

    /** A face came into view and got its first smoothed label. */
    public static final String ENTER = "enter";
    /** A face's smoothed label changed. */
    public static final String LABEL = "label";
    /** A face's track ended (out of view, or the video ended). */
    public static final String LEAVE = "leave";
}
