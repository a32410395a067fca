package org.facemask.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facemask predict}: one JSON line per image. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify images; prints one JSON line per image with the probability of each class,",
            "or an error for that image. Exit status 1 if any image could not be read."})
final class PredictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    FlipAverageOption flip;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        ImageDecoder decoder = new ImageDecoder();
        int failures = 0;
        try (MaskClassifier classifier = flip.apply(model.load())) {
            for (Path image : images) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("file", image.toString());
                try {
                    Prediction p = classifier.predict(decoder.decode(image).rgb());
                    line.put("label", p.label());
                    line.putAll(p.probabilities());
                } catch (ImageDecodingException e) {
                    line.put("error", e.getMessage());
                    failures++;
                }
                out.println(JSON.writeValueAsString(line));
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
