package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.facemask.Fixtures;
import org.facemask.ModelCopies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path tmp;

    @Test
    void promote_copies_each_model_as_the_next_version_and_points_at_it() throws IOException {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        assertEquals(Optional.empty(), registry.current());
        Path second = ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("second"), "2026-01-02T00:00:00Z");

        assertEquals("1", registry.promote(Fixtures.tinyModel()));
        assertEquals("2", registry.promote(second));

        assertEquals(Optional.of("2"), registry.current());
        assertEquals(List.of("1", "2"), registry.versions());
        assertEquals("2026-01-02T00:00:00Z", ModelArtifact.readMetadata(registry.versionDir("2")).createdAt());
        assertEquals("2\n", Files.readString(registry.root().resolve(ModelRegistry.CURRENT)));
        try (var left = Files.list(registry.root())) {
            assertEquals(List.of(ModelRegistry.CURRENT, ModelRegistry.VERSIONS),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void point_to_rolls_back_to_an_older_version() throws IOException {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        registry.promote(Fixtures.tinyModel());
        registry.promote(ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("second"), "2026-01-02T00:00:00Z"));

        registry.pointTo("1");

        assertEquals(Optional.of("1"), registry.current());
        assertEquals(List.of("1", "2"), registry.versions(), "rollback keeps every version");
    }

    @Test
    void a_corrupt_model_is_refused_and_leaves_current_alone() throws IOException {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        registry.promote(Fixtures.tinyModel());
        Path broken = ModelCopies.truncated(Fixtures.tinyModel(), tmp.resolve("broken"));

        assertThrows(ModelArtifactException.class, () -> registry.promote(broken));

        assertEquals(Optional.of("1"), registry.current());
        assertEquals(List.of("1"), registry.versions());
        try (var left = Files.list(registry.root().resolve(ModelRegistry.VERSIONS))) {
            assertEquals(1, left.count(), "the half-made copy is removed");
        }
    }

    @Test
    void a_model_its_gate_rejected_is_refused() throws IOException {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        Path rejected = ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("rejected"), "2026-01-03T00:00:00Z");
        Files.writeString(rejected.resolve(ModelRegistry.GATE_FILE), "{\"decision\": \"rejected\"}");

        ModelArtifactException e = assertThrows(ModelArtifactException.class, () -> registry.promote(rejected));

        assertTrue(e.getMessage().contains("rejected"), e.getMessage());
        assertEquals(Optional.empty(), registry.current());
    }

    @Test
    void rollback_to_a_missing_or_corrupt_version_is_refused() throws IOException {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        registry.promote(Fixtures.tinyModel());
        ModelCopies.truncated(Fixtures.tinyModel(), registry.versionDir("2"));

        assertThrows(ModelArtifactException.class, () -> registry.pointTo("7"));
        assertThrows(ModelArtifactException.class, () -> registry.pointTo("2"));
        assertThrows(IllegalArgumentException.class, () -> registry.pointTo("../1"));

        assertEquals(Optional.of("1"), registry.current());
        assertFalse(Files.exists(registry.root().resolve("versions/7")));
    }
}
