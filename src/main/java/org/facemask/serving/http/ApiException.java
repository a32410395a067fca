package org.facemask.serving.http;

/**
 * An HTTP error with a stable machine-readable code; handlers throw it and one mapper turns it
 * into {@code {"error": code, "message": ...}} with the status.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /**
     * Creates the exception.
     *
     * @param status HTTP status
     * @param code machine-readable error code, e.g. {@code missing_file}
     * @param message what went wrong and what to do, for people
     */
    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the machine-readable error code. */
    public String code() {
        return code;
    }
}
