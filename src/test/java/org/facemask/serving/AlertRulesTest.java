package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.facemask.Prerequisites;
import org.junit.jupiter.api.Test;

/**
 * The alert rules fire when they should and stay quiet when they should, on synthetic series
 * ({@code monitoring/alerts-test.yaml}), checked by Prometheus's own {@code promtool}. Skipped
 * where promtool is not installed, failed under CI (`.ci/run` installs Debian's {@code prometheus}).
 */
class AlertRulesTest {

    private static final File PROMTOOL = new File("/usr/bin/promtool");

    @Test
    void promtool_accepts_the_rules_and_their_unit_tests_pass() throws IOException, InterruptedException {
        Prerequisites.assumePresent(PROMTOOL.canExecute(),
                "promtool is not installed (Debian: apt-get install prometheus)");
        assertEquals("", run("check", "rules", "monitoring/alerts.yaml"));
        assertEquals("", run("test", "rules", "monitoring/alerts-test.yaml"));
    }

    /** Runs promtool; returns "" on success, else its output. */
    private static String run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = PROMTOOL.getPath();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "promtool did not finish in 60 s";
        }
        return process.exitValue() == 0 ? "" : output;
    }
}
