package org.facemask.data;

import java.io.IOException;

/** Thrown when bytes cannot be decoded into an image; the message says why. */
public class ImageDecodingException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for the user
     */
    public ImageDecodingException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, for the user
     * @param cause the underlying decoder error
     */
    public ImageDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
