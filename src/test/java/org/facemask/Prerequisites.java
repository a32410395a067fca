package org.facemask;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * What some tests need from the machine (Chromium, libjpeg-turbo, promtool, PostgreSQL): without it
 * they skip themselves on a developer's machine, but fail under CI, so that CI cannot pass with them
 * skipped. CI is recognised by the {@code CI} environment variable ({@code .ci/run} sets it, as most
 * CI services do); empty, {@code 0} or {@code false} count as unset.
 */
public final class Prerequisites {

    private Prerequisites() {}

    /** Returns whether this run is CI's. */
    public static boolean underCi() {
        return isSet(System.getenv("CI"));
    }

    /**
     * Skips the calling test when something it needs is missing; under CI, fails it instead.
     *
     * @param present whether the machine has it
     * @param missing what is missing and how to get it, e.g. "promtool is not installed (Debian: prometheus)"
     */
    public static void assumePresent(boolean present, String missing) {
        assumePresent(present, missing, null);
    }

    /**
     * Like {@link #assumePresent(boolean, String)}, and also fails when {@code requireVariable} is set
     * (e.g. {@code FACEMASK_REQUIRE_POSTGRES=1}).
     *
     * @param present whether the machine has it
     * @param missing what is missing and how to get it
     * @param requireVariable an environment variable that also makes it required, or null
     */
    public static void assumePresent(boolean present, String missing, String requireVariable) {
        if (present) {
            return;
        }
        if (underCi()) {
            fail(missing + " (required because CI is set)");
        }
        if (requireVariable != null && isSet(System.getenv(requireVariable))) {
            fail(missing + " (required because " + requireVariable + " is set)");
        }
        Assumptions.abort(missing);
    }

    private static boolean isSet(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !v.isEmpty() && !v.equals("0") && !v.equals("false");
    }
}
