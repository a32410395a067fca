package org.facemask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facemask.training.ModelTrainer;
import org.facemask.training.TrainingOptions;

/** Shared test fixtures: the committed images, the shipped detectors and a tiny model trained once per JVM. */
public final class Fixtures {

    /** Class folders {@code with_mask/} and {@code without_mask/}, ~20 small faces each, mixed formats. */
    public static final Path FACES = Path.of("src/test/resources/fixtures/faces");

    /** A VOC folder with one scene photo of three annotated faces. */
    public static final Path SCENES = Path.of("src/test/resources/fixtures/scenes");
    /** The shipped UltraFace masked-face detector. */
    public static final Path ULTRAFACE = Path.of("models/detectors/ultraface-masked/RFB-640-masked_face-v2.onnx");
    /** The shipped AIZOO face-mask detector. */
    public static final Path AIZOO = Path.of("models/detectors/aizoo-facemask/aizoo-facemask-360.onnx");
    /** The shipped YuNet-n generic face detector (dynamic input, landmarks). */
    public static final Path YUNET = Path.of("models/detectors/yunet/yunet-n-decoded.onnx");
    /** The default detectors, as the service merges them. */
    public static final List<Path> DETECTORS = List.of(YUNET, AIZOO);
    /** The shipped face check (face vs not_face) for the detectors' low-score candidates. */
    public static final Path FACE_CHECK = Path.of("models/face-check-resnet18");

    private static Path tinyModel;

    private Fixtures() {}

    /**
     * Counts the entries of a folder.
     *
     * @param dir the folder
     * @return how many files and folders it holds directly
     * @throws IOException if it cannot be listed
     */
    public static long fileCount(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    /**
     * Returns a model trained for one epoch at 64 px on the fixtures (train = val = fixtures).
     * It is not accurate; it exists to exercise loading, prediction and evaluation for real.
     *
     * @return the artifact folder
     * @throws IOException if training fails
     */
    public static synchronized Path tinyModel() throws IOException {
        if (tinyModel == null) {
            Path root = Files.createTempDirectory("facemask-tiny");
            Path split = splitOfFixtures(root);
            Path out = root.resolve("tiny-model");
            new ModelTrainer(TrainingOptions.builder().setDataDir(split).setOutDir(out)
                    .optEpochs(1).optImageSize(64).optBatchSize(8).optSeed(7).build(), List.of()).train();
            tinyModel = out;
        }
        return tinyModel;
    }

    /**
     * Lays the fixtures out as a split folder ({@code train/} and {@code val/} both hold all of them).
     *
     * @param root where to create it
     * @return the split folder
     * @throws IOException if copying fails
     */
    public static Path splitOfFixtures(Path root) throws IOException {
        Path split = root.resolve("split");
        for (String side : List.of("train", "val")) {
            copyTree(FACES, split.resolve(side));
        }
        return split;
    }

    /**
     * Copies a folder tree.
     *
     * @param from the source
     * @param to the destination, created
     * @throws IOException if copying fails
     */
    public static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
