package org.facemask.image;

import java.io.IOException;

/** Thrown when bytes cannot be decoded into an image; the message says why, the reason says what kind. */
public class ImageDecodingException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, so callers (e.g. the HTTP service) can answer precisely. */
    public enum Reason {
        /** The bytes are no image in a supported format. */
        NOT_AN_IMAGE,
        /** The image declares more pixels than allowed. */
        TOO_LARGE,
        /** An image, but truncated, corrupt or unreadable. */
        CORRUPT
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason what kind of failure
     * @param message what went wrong, for the user
     */
    public ImageDecodingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason what kind of failure
     * @param message what went wrong, for the user
     * @param cause the underlying decoder error
     */
    public ImageDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Returns what kind of failure this is. */
    public Reason reason() {
        return reason;
    }
}
