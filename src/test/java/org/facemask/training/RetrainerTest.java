package org.facemask.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facemask.Fixtures;
import org.facemask.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainerTest {

    @TempDir
    Path tmp;

    @Test
    void an_interrupted_retrain_resumes_from_its_checkpoint_and_is_gated_on_its_feedback() throws IOException {
        Path out = tmp.resolve("candidate");
        Map<String, Path> gates = Map.of("faces", Fixtures.FACES);
        TrainingListener crashAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochStats stats, boolean best) {
                throw new IllegalStateException("machine restarted");
            }
        };
        assertThrows(IllegalStateException.class, () -> Retrainer.retrain(Fixtures.tinyModel(), List.of(),
                Fixtures.FACES, gates, out, settings(), 0, false, List.of(crashAfterFirstEpoch)));
        assertTrue(Files.isRegularFile(out.resolve("checkpoint/state.json")));
        assertTrue(Files.isDirectory(out.resolve(Retrainer.FEEDBACK_SPLIT).resolve("val")));

        Retrainer.Result result = Retrainer.retrain(Fixtures.tinyModel(), List.of(), null, gates, out, settings(), 0,
                true, List.of());

        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "a header and both epochs");
        assertNotNull(result.decision().feedback(), "the resumed run is gated on the feedback it trained on");
        assertTrue(result.decision().feedback().n() > 0);
        assertTrue(Files.isRegularFile(out.resolve(ModelRegistry.GATE_FILE)));
    }

    private static TrainingOptions.Builder settings() {
        return TrainingOptions.builder().optEpochs(2).optBatchSize(8).optSeed(7);
    }
}
