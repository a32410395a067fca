package org.facemask.monitoring;

/** The prediction log cannot be opened or migrated: a wrong URL, a database that is down or corrupt. */
public class PredictionLogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the database (without credentials)
     * @param cause the underlying error
     */
    public PredictionLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
