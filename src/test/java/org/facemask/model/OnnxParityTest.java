package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.image.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX graph (batch-norm folded) computes what the DJL network computes. */
class OnnxParityTest {

    @TempDir
    Path tmp;

    @Test
    void onnx_logits_match_djl_within_1e_4_on_every_fixture() throws IOException {
        Path model = Fixtures.tinyModel();
        List<Path> images;
        try (Stream<Path> files = Files.walk(Fixtures.FACES)) {
            images = files.filter(Files::isRegularFile).sorted().toList();
        }
        ImageDecoder decoder = new ImageDecoder();
        try (MaskClassifier djl = MaskClassifier.load(model, Backend.DJL);
             MaskClassifier onnx = MaskClassifier.load(model, Backend.ONNX)) {
            int size = djl.preprocessor().size();
            int plane = 3 * size * size;
            float[] batch = new float[images.size() * plane];
            for (int i = 0; i < images.size(); i++) {
                float[] one = djl.preprocessor().preprocess(decoder.decode(images.get(i)).rgb());
                System.arraycopy(one, 0, batch, i * plane, plane);
            }
            // One dynamic-size batch of all fixtures, then a batch of one: the batch axis is free.
            float[][] expected = djl.logits(batch, images.size());
            float[][] actual = onnx.logits(batch, images.size());
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                for (int k = 0; k < expected[i].length; k++) {
                    worst = Math.max(worst, Math.abs(expected[i][k] - actual[i][k]));
                }
            }
            assertTrue(worst <= 1e-4, "max |logit difference| " + worst);
            float[] first = java.util.Arrays.copyOf(batch, plane);
            assertEquals(expected[0][0], onnx.logits(first, 1)[0][0], 1e-4);
        }
    }

    @Test
    void export_writes_an_onnx_file_that_loads_back() throws IOException {
        Path file = tmp.resolve("model.onnx");
        OnnxExporter.export(Fixtures.tinyModel(), file);
        assertTrue(Files.size(file) > 40_000_000, "expected float32 weights of ResNet18");
        try (var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
             var session = env.createSession(file.toString())) {
            assertEquals(List.of(OnnxExporter.INPUT), List.copyOf(session.getInputNames()));
            assertEquals(List.of(OnnxExporter.OUTPUT), List.copyOf(session.getOutputNames()));
        } catch (ai.onnxruntime.OrtException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void half_precision_decoding_is_exact() {
        assertEquals(1.0f, FloatWeights.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, FloatWeights.halfToFloat((short) 0xc000));
        assertEquals(65504f, FloatWeights.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, FloatWeights.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(FloatWeights.halfToFloat((short) 0x7c00)));
        assertTrue(Float.isNaN(FloatWeights.halfToFloat((short) 0x7e00)));
    }
}
