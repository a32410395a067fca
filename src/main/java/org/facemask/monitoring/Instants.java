package org.facemask.monitoring;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Parses the time bounds that the stats endpoint and the drift command accept. */
public final class Instants {

    private Instants() {}

    /**
     * Parses an ISO-8601 instant ({@code 2026-11-26T10:00:00Z}) or epoch milliseconds.
     *
     * @param value the text
     * @return the instant, at millisecond precision (the log's)
     * @throws IllegalArgumentException if the text is neither
     */
    public static Instant parse(String value) {
        try {
            return value.chars().allMatch(Character::isDigit) && !value.isEmpty()
                    ? Instant.ofEpochMilli(Long.parseLong(value))
                    : Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected an ISO-8601 instant such as 2026-11-26T10:00:00Z or epoch"
                    + " milliseconds, got '" + value + "'", e);
        }
    }
}
