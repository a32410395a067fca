package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.facemask.Fixtures;
import org.facemask.ModelCopies;
import org.facemask.model.ModelRegistry;
import org.facemask.serving.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class PromoteCommandTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"promote", "retrain"})
    void help_prints_without_format_warnings(String command) {
        assertEquals(0, FaceMaskCli.run(command, "--help"));
        assertTrue(console.out().contains("Usage: facemask " + command), console.out());
        assertFalse(console.err().contains("WARN"), console.err());
    }

    @Test
    void promote_then_rollback_moves_current() throws IOException {
        Path registry = tmp.resolve("registry");
        Path second = ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("second"), "2026-01-02T00:00:00Z");

        assertEquals(0, FaceMaskCli.run("promote", Fixtures.tinyModel().toString(), "--registry", registry.toString()));
        assertEquals(0, FaceMaskCli.run("promote", second.toString(), "--registry", registry.toString()));
        assertEquals(Optional.of("2"), new ModelRegistry(registry).current());
        assertTrue(console.out().contains("as version 2"), console.out());

        assertEquals(0, FaceMaskCli.run("promote", "--registry", registry.toString(), "--version", "1"));
        assertEquals(Optional.of("1"), new ModelRegistry(registry).current());
    }

    @Test
    void a_corrupt_model_or_unknown_version_is_one_clear_error() throws IOException {
        Path registry = tmp.resolve("registry");
        Path broken = ModelCopies.truncated(Fixtures.tinyModel(), tmp.resolve("broken"));

        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("promote", broken.toString(), "--registry",
                registry.toString()));
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("promote", "--registry", registry.toString(),
                "--version", "4"));
        assertTrue(console.err().contains("error: corrupt weights"), console.err());
        assertTrue(console.err().contains("error: no version 4"), console.err());
        assertEquals(Optional.empty(), new ModelRegistry(registry).current());
    }

    @Test
    void promote_needs_a_model_or_a_version_not_both() {
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("promote", "--registry", tmp.toString()));
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("promote", "m", "--registry", tmp.toString(),
                "--version", "1"));
    }

    @Test
    void serve_takes_a_registry_instead_of_a_model_not_beside_one() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--model-registry", tmp.toString(), "--registry-poll-ms", "250");
        ServerConfig config = serve.config();
        assertEquals(tmp, config.modelRegistry());
        assertEquals(null, config.modelDir());
        assertEquals(250, config.registryPollMillis());

        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("serve", "--model-registry", tmp.toString(), "--model",
                tmp.toString()));
        assertTrue(console.err().contains("not both"), console.err());
    }
}
