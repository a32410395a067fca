package org.facemask.robustness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.ClassNames;
import org.facemask.dataset.LabeledImage;
import org.facemask.evaluation.ClassificationReport;
import org.facemask.image.ImageDecoder;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The robustness and fairness measurement: a classifier on clean faces, on the same faces under
 * camera conditions (JPEG, blur, noise, brightness, contrast, downscaling, rotation, grayscale)
 * at several strengths, on unmasked faces with the mouth covered, and by group of faces (size,
 * brightness, colour, source, a skin-tone proxy and the site's own groups). Deterministic for a
 * seed; faces are decoded and degraded on a fixed pool of threads while the model runs.
 */
public final class Robustness {

    private static final Logger LOG = LoggerFactory.getLogger(Robustness.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> MASK_OR_NOT = List.of(ClassNames.MASK, ClassNames.NO_MASK);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Robustness() {}

    /**
     * One face under one condition, for the report's examples.
     *
     * @param name the condition ({@code clean} for none)
     * @param level its strength
     * @param image the degraded face
     */
    public record Example(String name, double level, BufferedImage image) {}

    /** A face to measure: its source, file, path under the source folder and its own seed. */
    private record Item(String source, LabeledImage image, String relative, long seed) {}

    /** One face's predictions: clean first, then each condition, then the occlusions (unmasked faces). */
    private record Outcome(Item item, FaceFeatures features, List<Prediction> predictions, String error) {}

    /**
     * Measures a classifier.
     *
     * @param classifier a model with a {@code mask} class
     * @param sources name → class folders; each name is a group of the source dimension
     * @param options seed, sample size, groups file, threads
     * @return the result
     * @throws IllegalArgumentException if the model has no {@code mask} class, no face could be
     *     read, or the groups file names none of the measured faces
     */
    public static RobustnessResult measure(MaskClassifier classifier, Map<String, ClassFolders> sources,
                                           RobustnessOptions options) {
        if (!classifier.classes().contains(ClassNames.MASK)) {
            throw new IllegalArgumentException("model " + classifier.metadata().name() + " has no 'mask' class "
                    + classifier.classes() + ": the robustness report measures mask classifiers");
        }
        List<Item> items = sample(sources, options);
        List<Perturbation> conditions = Perturbations.standard();
        List<Outcome> outcomes = run(classifier, items, conditions, options.threads());
        Map<String, String> unreadable = new LinkedHashMap<>();
        List<Outcome> read = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                unreadable.put(o.item().image().path().toString(), o.error());
            } else {
                read.add(o);
            }
        }
        if (read.isEmpty()) {
            throw new IllegalArgumentException("no readable image among the " + items.size() + " files");
        }
        Set<String> labels = new HashSet<>();
        read.forEach(o -> labels.add(o.item().image().label()));
        // A two-class model on data with mask_incorrect can only be scored mask-or-not.
        List<String> classes = classifier.classes().containsAll(labels) ? classifier.classes() : MASK_OR_NOT;
        RobustnessResult.Scores clean = scores(read, 0, classes);
        List<RobustnessResult.Degraded> degraded = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            degraded.add(new RobustnessResult.Degraded(conditions.get(i).name(), conditions.get(i).level(),
                    scores(read, i + 1, classes)));
        }
        List<Subgroups.Face> faces = new ArrayList<>();
        int matched = 0;
        for (Outcome o : read) {
            String fileGroup = fileGroup(options.fileGroups(), o.item());
            matched += fileGroup == null ? 0 : 1;
            faces.add(new Subgroups.Face(o.item().source(), o.features(), fileGroup,
                    truth(o.item().image().label(), classes), probabilities(o.predictions().get(0), classes)));
        }
        if (!options.fileGroups().isEmpty() && matched == 0) {
            throw new IllegalArgumentException("none of the " + options.fileGroups().size()
                    + " files in the groups file is among the " + read.size()
                    + " measured faces (files are matched by their path under --data, or by file name)");
        }
        List<RobustnessResult.Group> groups = Subgroups.groups(faces, classes, clean.accuracy());
        Map<String, String> sourceDirs = new LinkedHashMap<>();
        sources.forEach((name, folders) -> sourceDirs.put(name, folders.root().toString()));
        Outcome example = read.stream().filter(o -> o.item().image().label().equals(ClassNames.NO_MASK))
                .findFirst().orElse(read.get(0));
        return new RobustnessResult(classifier.metadata().name(), sourceDirs, options.seed(), options.limit(),
                clean, degraded, occlusion(read, conditions.size() + 1), groups,
                groups.stream().filter(RobustnessResult.Group::flagged).toList(), unreadable,
                example.item().image().path().toString());
    }

    /**
     * Reads a site's groups: a CSV with the header {@code file,group}, then one face per line; the
     * file is its path under its {@code --data} folder or its bare file name.
     *
     * @param csv the file
     * @return file → group, in file order
     * @throws IOException naming the file and line, if it is missing, lacks the header, or has a
     *     line without exactly two non-empty fields or a file given two groups
     */
    public static Map<String, String> readGroups(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("groups file not found: " + csv, e);
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()
                || !lines.get(first).replace("\uFEFF", "").replace(" ", "").equalsIgnoreCase("file,group")) {
            throw new IOException("groups file " + csv + ": the first line must be the header 'file,group'");
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (int i = first + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split(",", -1);
            String file = fields.length == 2 ? unquote(fields[0]) : "";
            String group = fields.length == 2 ? unquote(fields[1]) : "";
            if (file.isEmpty() || group.isEmpty()) {
                throw new IOException("groups file " + csv + " line " + (i + 1)
                        + ": expected 'file,group' with both fields non-empty, got '" + lines.get(i) + "'");
            }
            String before = groups.put(file.replace('\\', '/'), group);
            if (before != null && !before.equals(group)) {
                throw new IOException("groups file " + csv + " line " + (i + 1) + ": " + file
                        + " is in two groups, '" + before + "' and '" + group + "'");
            }
        }
        if (groups.isEmpty()) {
            throw new IOException("groups file " + csv + " has a header but no faces");
        }
        return groups;
    }

    /**
     * Shows one face under every condition and strength, as the measurement degrades it.
     *
     * @param file an image file
     * @param seed the run's seed
     * @return the clean face, each condition at each strength, then the two occlusions
     * @throws IOException if the file cannot be read or decoded
     */
    public static List<Example> examples(Path file, long seed) throws IOException {
        BufferedImage clean = new ImageDecoder().decode(Files.readAllBytes(file)).rgb();
        long imageSeed = seed * GOLDEN + file.getFileName().toString().hashCode();
        List<Example> examples = new ArrayList<>();
        examples.add(new Example("clean", 0, clean));
        for (Perturbation p : Perturbations.standard()) {
            examples.add(new Example(p.name(), p.level(), p.apply(clean, imageSeed)));
        }
        for (Perturbation p : Perturbations.occlusions()) {
            examples.add(new Example("occlusion " + p.name(), p.level(), p.apply(clean, imageSeed)));
        }
        return examples;
    }

    /**
     * Tells whether a strength is one at which accuracy should stay within 2 points of clean:
     * JPEG quality ≥ 30, blur σ ≤ 1.5 px, brightness ±30 %, downscale to 32 px.
     *
     * @param name the condition
     * @param level its strength
     * @return whether it is mild
     */
    public static boolean mild(String name, double level) {
        return Perturbations.mild(name, level);
    }

    /**
     * Writes the result as JSON.
     *
     * @param result the result
     * @param file the JSON file
     * @throws IOException if writing fails
     */
    public static void writeJson(RobustnessResult result, Path file) throws IOException {
        JSON.writeValue(file.toFile(), result);
    }

    /** Every source's faces, or {@code limit} per class and source chosen by a hash of seed and path. */
    private static List<Item> sample(Map<String, ClassFolders> sources, RobustnessOptions options) {
        List<Item> items = new ArrayList<>();
        sources.forEach((name, folders) -> {
            Map<String, List<Item>> byClass = new LinkedHashMap<>();
            for (LabeledImage image : folders.images()) {
                String relative = folders.root().relativize(image.path()).toString().replace('\\', '/');
                long seed = options.seed() * GOLDEN + (name + "/" + relative).hashCode();
                byClass.computeIfAbsent(image.label(), k -> new ArrayList<>())
                        .add(new Item(name, image, relative, seed));
            }
            for (List<Item> members : byClass.values()) {
                List<Item> chosen = members;
                if (options.limit() > 0 && members.size() > options.limit()) {
                    chosen = members.stream()
                            .sorted(Comparator.comparingLong((Item i) -> new SplittableRandom(i.seed()).nextLong())
                                    .thenComparing(Item::relative))
                            .limit(options.limit())
                            .sorted(Comparator.comparing(Item::relative))
                            .toList();
                }
                items.addAll(chosen);
            }
        });
        return items;
    }

    private static List<Outcome> run(MaskClassifier classifier, List<Item> items, List<Perturbation> conditions,
                                     int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger done = new AtomicInteger();
            int step = Math.max(1, items.size() / 10);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Item item : items) {
                futures.add(pool.submit(() -> {
                    Outcome outcome = measureOne(classifier, item, conditions);
                    int n = done.incrementAndGet();
                    if (n % step == 0 || n == items.size()) {
                        LOG.info("robustness: {} of {} faces", n, items.size());
                    }
                    return outcome;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome measureOne(MaskClassifier classifier, Item item, List<Perturbation> conditions) {
        BufferedImage clean;
        try {
            clean = new ImageDecoder().decode(Files.readAllBytes(item.image().path())).rgb();
        } catch (IOException e) {
            return new Outcome(item, null, List.of(), item.image().path().getFileName() + ": " + e.getMessage());
        }
        List<BufferedImage> variants = new ArrayList<>();
        variants.add(clean);
        for (Perturbation p : conditions) {
            variants.add(p.apply(clean, item.seed()));
        }
        if (item.image().label().equals(ClassNames.NO_MASK)) {
            for (Perturbation p : Perturbations.occlusions()) {
                variants.add(p.apply(clean, item.seed()));
            }
        }
        return new Outcome(item, FaceFeatures.of(clean), classifier.predict(variants), null);
    }

    /** Scores the faces' {@code variant}-th predictions: argmax over {@code classes}, mask-or-not and ECE. */
    private static RobustnessResult.Scores scores(List<Outcome> read, int variant, List<String> classes) {
        int n = read.size();
        int[] truths = new int[n];
        float[][] probs = new float[n][];
        int[] twoTruths = new int[n];
        float[][] twoProbs = new float[n][];
        for (int i = 0; i < n; i++) {
            String label = read.get(i).item().image().label();
            Prediction p = read.get(i).predictions().get(variant);
            truths[i] = truth(label, classes);
            probs[i] = probabilities(p, classes);
            twoTruths[i] = truth(label, MASK_OR_NOT);
            twoProbs[i] = probabilities(p, MASK_OR_NOT);
        }
        ClassificationReport argmax = ClassificationReport.of(classes, truths, probs);
        return new RobustnessResult.Scores(argmax.accuracy(),
                ClassificationReport.of(MASK_OR_NOT, twoTruths, twoProbs).accuracy(), argmax.ece(), n);
    }

    private static RobustnessResult.Occlusion occlusion(List<Outcome> read, int first) {
        List<Outcome> unmasked = read.stream()
                .filter(o -> o.item().image().label().equals(ClassNames.NO_MASK)).toList();
        int[] calledMask = new int[3];
        for (Outcome o : unmasked) {
            int[] at = {0, first, first + 1};
            for (int k = 0; k < at.length; k++) {
                calledMask[k] += o.predictions().get(at[k]).label().equals(ClassNames.MASK) ? 1 : 0;
            }
        }
        int n = unmasked.size();
        return new RobustnessResult.Occlusion(n, n == 0 ? Double.NaN : calledMask[0] / (double) n,
                Subgroups.share(calledMask[1], n), Subgroups.share(calledMask[2], n));
    }

    /** The label's index in {@code classes}; in the two-class view anything but a mask is not protected. */
    private static int truth(String label, List<String> classes) {
        int index = classes.indexOf(label);
        return index >= 0 ? index : classes.indexOf(ClassNames.NO_MASK);
    }

    private static float[] probabilities(Prediction p, List<String> classes) {
        Map<String, Float> view = classes == MASK_OR_NOT ? p.maskOrNot() : p.probabilities();
        float[] out = new float[classes.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = view.getOrDefault(classes.get(c), 0f);
        }
        return out;
    }

    private static String fileGroup(Map<String, String> fileGroups, Item item) {
        String group = fileGroups.get(item.relative());
        return group != null ? group : fileGroups.get(item.image().path().getFileName().toString());
    }

    private static String unquote(String field) {
        String s = field.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s;
    }
}
