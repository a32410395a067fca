package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.ImageShifts;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift on real images through the service's own measuring path (decode, features, the model's
 * prediction): a camera that got brighter or blurry is flagged on the feature that changed, and
 * a fresh sample of the same images is not.
 */
class DriftOnImagesTest {

    private record Observed(ImageFeatures features, Prediction prediction) {}

    private static MaskClassifier classifier;
    private static List<BufferedImage> faces;

    @BeforeAll
    static void load() throws IOException {
        classifier = MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX);
        faces = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Fixtures.FACES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                faces.add(new ImageDecoder().decode(file).rgb());
            }
        }
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void a_brighter_camera_is_flagged_on_brightness() throws IOException {
        DriftResult result = DriftDetector.defaults().compare(samples(observe(UnaryOperator.identity())),
                samples(observe(ImageShifts::brighten)));
        System.out.println("brightened: " + result.summary());
        assertTrue(drifted(result, "brightness"), result.summary());
        assertTrue(result.drifted());
    }

    @Test
    void a_blurry_camera_is_flagged_on_sharpness_and_not_on_brightness() throws IOException {
        DriftResult result = DriftDetector.defaults().compare(samples(observe(UnaryOperator.identity())),
                samples(observe(ImageShifts::blur)));
        System.out.println("blurred: " + result.summary());
        assertTrue(drifted(result, "sharpness"), result.summary());
        assertFalse(drifted(result, "brightness"), result.summary());
    }

    @Test
    void fresh_samples_of_the_same_images_rarely_raise_a_false_alarm() throws IOException {
        List<Observed> all = observe(UnaryOperator.identity());
        Random random = new Random(11);
        int repetitions = 200;
        int alarms = 0;
        for (int r = 0; r < repetitions; r++) {
            List<Observed> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, random);
            int half = shuffled.size() / 2;
            if (DriftDetector.defaults().compare(samples(shuffled.subList(0, half)),
                    samples(shuffled.subList(half, shuffled.size()))).drifted()) {
                alarms++;
            }
        }
        double rate = alarms / (double) repetitions;
        System.out.printf("false-alarm rate on random halves of the %d fixture faces: %d of %d = %.3f%n",
                all.size(), alarms, repetitions, rate);
        assertTrue(rate <= 0.05, "false-alarm rate " + rate);
    }

    private static boolean drifted(DriftResult result, String feature) {
        return result.driftedFeatures().stream().anyMatch(f -> f.feature().equals(feature));
    }

    /** Encodes each changed face as JPEG and measures it as the service would an upload. */
    private static List<Observed> observe(UnaryOperator<BufferedImage> change) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<Observed> out = new ArrayList<>();
        for (BufferedImage face : faces) {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(change.apply(face), "jpeg", jpeg);
            byte[] bytes = jpeg.toByteArray();
            DecodedImage decoded = decoder.decode(bytes, classifier.preprocessor().decodeShortSide());
            out.add(new Observed(ImageFeatures.of(decoded, bytes.length), classifier.predict(decoded.rgb())));
        }
        return out;
    }

    private static FeatureSamples samples(List<Observed> observed) {
        Observations observations = new Observations();
        observed.forEach(o -> observations.add(o.features(), o.prediction().label(), o.prediction().confidence()));
        return observations.toSamples();
    }
}
