package org.facemask.serving;

/**
 * Why the service could not classify an upload, in the service's own terms: the web layer maps
 * each {@link Reason} to an HTTP status in one place, and the CLI can report the same reasons.
 */
public final class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The upload has no bytes. */
        EMPTY_IMAGE,
        /** The bytes are no image in a supported format. */
        UNSUPPORTED_IMAGE,
        /** The image declares more pixels than allowed. */
        IMAGE_TOO_LARGE,
        /** An image, but cut short, damaged or unreadable. */
        CORRUPT_IMAGE,
        /** Preprocessed input that does not fit the model (e.g. another input size). */
        INVALID_INPUT,
        /** More requests than the service admits at once; retry shortly. */
        OVERLOADED,
        /** The model is still loading. */
        NOT_READY,
        /** The service is stopping. */
        STOPPING,
        /** No prediction within the request timeout. */
        TIMEOUT,
        /** The inference worker died (e.g. out of memory); the instance needs a restart. */
        FAILED,
        /** The prediction could not be committed to the prediction log, so it is not acknowledged. */
        LOG_UNAVAILABLE
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason what went wrong
     * @param message what went wrong and what to do, for people
     */
    public ServiceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason what went wrong
     * @param message what went wrong and what to do, for people
     * @param cause the underlying failure
     */
    public ServiceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    private ServiceException(Reason reason, String message, boolean stackTrace) {
        super(message, null, false, stackTrace);
        this.reason = reason;
    }

    /**
     * Creates a refusal that records no stack trace: under a crowd of clients they are made by
     * the thousand per second, and where they come from is never in question.
     *
     * @param reason why the request is refused
     * @param message what to do, for people
     * @return the exception
     */
    public static ServiceException withoutStackTrace(Reason reason, String message) {
        return new ServiceException(reason, message, false);
    }

    /** Returns what went wrong. */
    public Reason reason() {
        return reason;
    }
}
