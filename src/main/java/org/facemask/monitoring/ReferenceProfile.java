package org.facemask.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facemask.dataset.LabeledImage;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;

/**
 * The reference drift is measured against: the features and predictions of a dataset (the
 * validation split at training time), stored in the model artifact as {@value #FILE}. Images
 * are decoded and measured exactly as the service does, so the two sides compare like for like.
 */
public final class ReferenceProfile {

    /** The file inside a model artifact. */
    public static final String FILE = "reference.json";
    private static final int FORMAT_VERSION = 1;
    private static final int BATCH = 16;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReferenceProfile() {}

    /**
     * Measures a dataset the way the service measures uploads.
     *
     * @param classifier the model whose predictions are profiled
     * @param images the images (labels are not used: the profile holds predictions)
     * @return the samples; unreadable images are left out
     * @throws IOException if a file cannot be read
     */
    public static FeatureSamples compute(MaskClassifier classifier, List<LabeledImage> images) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        int shortSide = classifier.preprocessor().decodeShortSide();
        Observations observations = new Observations();
        List<DecodedImage> decoded = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (LabeledImage image : images) {
            byte[] bytes = Files.readAllBytes(image.path());
            try {
                decoded.add(decoder.decode(bytes, shortSide));
                sizes.add((long) bytes.length);
            } catch (ImageDecodingException e) {
                continue; // the service would have refused it too: not part of what it sees
            }
            if (decoded.size() == BATCH) {
                observe(classifier, decoded, sizes, observations);
            }
        }
        observe(classifier, decoded, sizes, observations);
        return observations.toSamples();
    }

    private static void observe(MaskClassifier classifier, List<DecodedImage> decoded, List<Long> sizes,
            Observations observations) {
        if (decoded.isEmpty()) {
            return;
        }
        List<BufferedImage> rgb = decoded.stream().map(DecodedImage::rgb).toList();
        List<Prediction> predictions = classifier.predict(rgb);
        for (int i = 0; i < decoded.size(); i++) {
            Prediction p = predictions.get(i);
            observations.add(ImageFeatures.of(decoded.get(i), sizes.get(i)), p.label(), p.confidence());
        }
        decoded.clear();
        sizes.clear();
    }

    /**
     * Writes a profile into a model artifact folder.
     *
     * @param modelDir the artifact folder
     * @param samples the profile
     * @param source what was profiled, e.g. the dataset folder
     * @throws IOException if the file cannot be written
     */
    public static void write(Path modelDir, FeatureSamples samples, String source) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", FORMAT_VERSION);
        doc.put("source", source);
        doc.put("created_at", Instant.now().toString());
        doc.put("observations", samples.size());
        doc.put("numeric", samples.numeric());
        doc.put("categorical", samples.categorical());
        Path tmp = modelDir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), doc);
        Files.move(tmp, modelDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads the profile of a model artifact, if it has one (artifacts from before profiles do not).
     *
     * @param modelDir the artifact folder
     * @return the profile, or empty when the artifact has none
     * @throws IOException if the file exists but cannot be read or parsed
     */
    public static Optional<FeatureSamples> read(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Document doc;
        try {
            doc = JSON.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            throw new IOException("corrupt reference profile " + file + ": " + e.getMessage(), e);
        }
        if (doc.formatVersion() != FORMAT_VERSION) {
            throw new IOException("reference profile " + file + " has format " + doc.formatVersion()
                    + "; this version reads " + FORMAT_VERSION);
        }
        return Optional.of(new FeatureSamples(doc.numeric(), doc.categorical()));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(
            @JsonProperty("format_version") int formatVersion,
            @JsonProperty("numeric") Map<String, double[]> numeric,
            @JsonProperty("categorical") Map<String, Map<String, Long>> categorical) {}
}
