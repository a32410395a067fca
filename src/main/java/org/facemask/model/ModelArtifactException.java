package org.facemask.model;

/** A model artifact that is missing, corrupt or incompatible; the message says which and why. */
public class ModelArtifactException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, and with which file
     */
    public ModelArtifactException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, and with which file
     * @param cause the underlying error
     */
    public ModelArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
