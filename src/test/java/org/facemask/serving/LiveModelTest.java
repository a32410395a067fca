package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.facemask.Fixtures;
import org.facemask.ModelCopies;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swap itself: who gets which model, and when the old one is closed. */
class LiveModelTest {

    private static final BufferedImage IMAGE = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);

    @TempDir
    Path tmp;

    @Test
    void a_request_holding_the_old_model_finishes_on_it_and_only_then_is_it_closed() throws IOException {
        Path second = ModelCopies.version(Fixtures.tinyModel(), tmp.resolve("second"), "2026-01-02T00:00:00Z");
        MaskClassifier first = MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX);
        try (LiveModel models = new LiveModel(first, "1")) {
            LiveModel.Lease inFlight = models.acquire();

            models.swap(MaskClassifier.load(second, Backend.ONNX), "2");

            assertEquals("2", models.info().registryVersion());
            try (LiveModel.Lease next = models.acquire()) {
                assertEquals("2026-01-02T00:00:00Z", next.info().version(), "new requests get the new model");
                next.classifier().predict(IMAGE);
            }
            assertEquals("1", inFlight.info().registryVersion());
            inFlight.classifier().predict(IMAGE); // still open: the request holds it

            inFlight.close();

            assertThrows(RuntimeException.class, () -> first.predict(IMAGE), "drained, so closed");
        }
    }

    @Test
    void a_long_lived_caller_such_as_a_video_stream_classifies_on_whichever_model_is_served_now() throws IOException {
        MaskClassifier first = MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX);
        try (LiveModel models = new LiveModel(first, "1")) {
            Function<List<BufferedImage>, List<Prediction>> stream = models::predict;
            assertEquals(1, stream.apply(List.of(IMAGE)).size());

            models.swap(MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX), "2");

            assertThrows(RuntimeException.class, () -> first.predict(IMAGE), "nothing held the old model: closed");
            assertEquals(1, stream.apply(List.of(IMAGE)).size(), "the stream goes on, on the new model");
        }
    }

    @Test
    void after_close_no_lease_is_given_and_a_late_swap_frees_its_model() throws IOException {
        LiveModel models = new LiveModel(MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX), null);
        models.close();
        MaskClassifier late = MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX);

        models.swap(late, "2");

        assertThrows(IllegalStateException.class, models::acquire);
        assertThrows(RuntimeException.class, () -> late.predict(IMAGE));
    }
}
