package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;

/** The service core without HTTP: what a dead inference worker means for the requests. */
class ClassificationServiceTest {

    private static final ClassificationService.RequestInfo REQUEST =
            new ClassificationService.RequestInfo("/predict", "r1", System.nanoTime());

    @Test
    void a_dead_inference_worker_fails_its_request_and_refuses_the_next_at_once() throws Exception {
        ServerConfig config = ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optBackend(Backend.ONNX).build();
        byte[] face = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        try (LiveModel models = new LiveModel(MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX), null)) {
            ClassificationService service = new ClassificationService(models, (classifier, images) -> {
                throw new OutOfMemoryError("simulated");
            }, null, config, new ServingMetrics(), null, () -> 1);
            try {
                assertTrue(service.healthy());
                // Well under the 30 s request timeout: the failure is answered, not waited out.
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    assertEquals(ServiceException.Reason.FAILED, assertThrows(ServiceException.class,
                            () -> service.classify(face, REQUEST, false)).reason());
                    assertFalse(service.healthy(), "readiness must see the dead worker");
                    assertEquals(ServiceException.Reason.FAILED, assertThrows(ServiceException.class,
                            () -> service.classify(face, REQUEST, false)).reason());
                });
            } finally {
                service.close(System.nanoTime());
            }
        }
    }
}
