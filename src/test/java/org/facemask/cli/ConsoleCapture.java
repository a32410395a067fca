package org.facemask.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Catches what a command prints to System.out and System.err during each test ({@code @RegisterExtension}). */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream[] original;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = new PrintStream[] {System.out, System.err};
        out.reset();
        err.reset();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(original[0]);
        System.setErr(original[1]);
    }

    /** Returns what went to System.out so far. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Returns what went to System.err so far. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
