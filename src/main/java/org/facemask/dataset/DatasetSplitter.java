package org.facemask.dataset;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.io.file.PathUtils;

/**
 * Splits a class-folder dataset into train and validation without leakage: exact and
 * near-duplicate images (perceptual hash, mirrored copies included) form groups, and a group
 * lies wholly on one side. Groups are assigned so that each class keeps its share on both sides.
 *
 * <p>Several named sources are split as one: groups are found across all of them (a picture in
 * two sources cannot be trained on in one and validated on in the other), each source's classes
 * keep their share, and each source gets its own split folder.
 */
public final class DatasetSplitter {

    /** File name of the manifest that lists the split folders of several sources, in the output folder. */
    public static final String MANIFEST = "sources.json";

    /** Which side of the split an image lands on. */
    public enum Side {
        /** Training set. */
        TRAIN,
        /** Validation set. */
        VAL
    }

    /**
     * One image's place in the split.
     *
     * @param image the source image
     * @param source the name of the source it comes from
     * @param side its side
     * @param group the id of its near-duplicate group
     */
    public record Assignment(LabeledImage image, String source, Side side, int group) {}

    /**
     * The outcome of planning a split.
     *
     * @param sources the source names, in the order given
     * @param assignments every readable image with its side, in source order
     * @param unreadable files that could not be decoded, with the reason
     * @param groups the number of near-duplicate groups
     * @param duplicateGroups groups with more than one image
     * @param crossClassGroups groups holding images of more than one class
     * @param crossSourceGroups groups holding images of more than one source
     */
    public record Plan(List<String> sources, List<Assignment> assignments, Map<Path, String> unreadable,
                       int groups, int duplicateGroups, int crossClassGroups, int crossSourceGroups) {

        /**
         * Counts images per side and class, all sources together.
         *
         * @return side → class → count
         */
        public Map<Side, Map<String, Integer>> counts() {
            return count(a -> true);
        }

        /**
         * Counts one source's images per side and class.
         *
         * @param source a name from {@link #sources()}
         * @return side → class → count
         */
        public Map<Side, Map<String, Integer>> counts(String source) {
            return count(a -> a.source().equals(source));
        }

        /**
         * Tells where {@link #write} puts a source's split: {@code dest} itself for a single source
         * (as before sources existed), {@code dest/<name>} for each of several.
         *
         * @param dest the output folder
         * @param source a name from {@link #sources()}
         * @return the folder that holds the source's {@code train/} and {@code val/}
         */
        public Path folder(Path dest, String source) {
            return sources.size() == 1 ? dest : dest.resolve(source);
        }

        private Map<Side, Map<String, Integer>> count(Predicate<Assignment> which) {
            Map<Side, Map<String, Integer>> counts = new TreeMap<>();
            for (Assignment a : assignments) {
                if (which.test(a)) {
                    counts.computeIfAbsent(a.side(), s -> new TreeMap<>()).merge(a.image().label(), 1, Integer::sum);
                }
            }
            return counts;
        }
    }

    /** Shares are kept per source and class. */
    private record Stratum(String source, String label) {}

    private final double valFraction;
    private final long seed;
    private final int maxHashDistance;

    /**
     * Creates a splitter.
     *
     * @param valFraction share of each class that goes to validation, in (0, 1)
     * @param seed seed of the group shuffle; equal seeds give equal splits
     * @param maxHashDistance images whose perceptual hashes differ in at most this many bits are
     *     near-duplicates
     */
    public DatasetSplitter(double valFraction, long seed, int maxHashDistance) {
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("val fraction must be between 0 and 1, got " + valFraction);
        }
        if (maxHashDistance < 0 || maxHashDistance > 64) {
            throw new IllegalArgumentException("hash distance must be in 0..64, got " + maxHashDistance);
        }
        this.valFraction = valFraction;
        this.seed = seed;
        this.maxHashDistance = maxHashDistance;
    }

    /**
     * Plans the split of one dataset, as a single source named {@code data}: see {@link #plan(Map)}.
     *
     * @param dataset the source dataset
     * @return the plan
     */
    public Plan plan(ClassFolders dataset) {
        return plan(Map.of("data", dataset));
    }

    /**
     * Plans the split of several sources as one: profiles all of them together
     * ({@link DatasetProfile}: decoding, hashing, near-duplicate groups, also across sources) and
     * assigns whole groups to sides so that each class of each source keeps its share.
     *
     * @param sources each source's dataset by name, in order (e.g. a {@link LinkedHashMap})
     * @return the plan
     * @throws IllegalArgumentException if there is no source, or two sources hold the same file
     */
    public Plan plan(Map<String, ClassFolders> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source to split");
        }
        Map<LabeledImage, String> sourceOf = new HashMap<>();
        Map<Path, String> owner = new HashMap<>();
        sources.forEach((name, dataset) -> dataset.images().forEach(image -> {
            // The same folder given twice (perhaps spelt differently) would be one picture in two sources.
            String other = owner.putIfAbsent(image.path().toAbsolutePath().normalize(), name);
            if (other != null && !other.equals(name)) {
                throw new IllegalArgumentException("sources " + other + " and " + name + " both hold " + image.path());
            }
            sourceOf.put(image, name);
        }));
        DatasetProfile profile = DatasetProfile.analyze(ClassFolders.union(List.copyOf(sources.values())),
                maxHashDistance);
        // Every readable image belongs to one group: its near-duplicate group, or itself alone.
        List<List<LabeledImage>> groups = new ArrayList<>();
        Set<LabeledImage> grouped = new HashSet<>();
        for (DatasetProfile.DuplicateGroup g : profile.nearDuplicateGroups()) {
            groups.add(g.members());
            grouped.addAll(g.members());
        }
        for (DatasetProfile.ImageInfo info : profile.images()) {
            if (!grouped.contains(info.image())) {
                groups.add(List.of(info.image()));
            }
        }
        // Source order of each group's first image, so a seed always yields the same shuffle.
        Map<LabeledImage, Integer> position = new HashMap<>();
        profile.images().forEach(i -> position.put(i.image(), position.size()));
        groups.sort(Comparator.comparingInt(g -> position.get(g.get(0))));
        Map<Stratum, Integer> sizes = new HashMap<>();
        profile.images().forEach(i -> sizes.merge(stratum(i.image(), sourceOf), 1, Integer::sum));
        Map<Stratum, Integer> targets = new HashMap<>();
        sizes.forEach((stratum, n) -> targets.put(stratum, (int) Math.round(n * valFraction)));

        // Larger groups first so that they find room; shuffled within equal sizes for randomness.
        Collections.shuffle(groups, new Random(seed));
        groups.sort(Comparator.comparingInt(g -> -g.size()));

        Map<Stratum, Integer> inVal = new HashMap<>();
        Map<LabeledImage, Assignment> byImage = new HashMap<>();
        int duplicateGroups = 0;
        int crossClass = 0;
        int crossSource = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<LabeledImage> members = groups.get(g);
            Map<Stratum, Integer> byStratum = new HashMap<>();
            members.forEach(m -> byStratum.merge(stratum(m, sourceOf), 1, Integer::sum));
            duplicateGroups += members.size() > 1 ? 1 : 0;
            crossClass += byStratum.keySet().stream().map(Stratum::label).distinct().count() > 1 ? 1 : 0;
            crossSource += byStratum.keySet().stream().map(Stratum::source).distinct().count() > 1 ? 1 : 0;
            boolean fits = byStratum.entrySet().stream()
                    .allMatch(e -> inVal.getOrDefault(e.getKey(), 0) + e.getValue() <= targets.get(e.getKey()));
            if (fits) {
                byStratum.forEach((stratum, n) -> inVal.merge(stratum, n, Integer::sum));
            }
            for (LabeledImage m : members) {
                byImage.put(m, new Assignment(m, sourceOf.get(m), fits ? Side.VAL : Side.TRAIN, g));
            }
        }
        List<Assignment> assignments = profile.images().stream().map(i -> byImage.get(i.image())).toList();
        return new Plan(List.copyOf(sources.keySet()), assignments, profile.unreadable(), groups.size(),
                duplicateGroups, crossClass, crossSource);
    }

    private static Stratum stratum(LabeledImage image, Map<LabeledImage, String> sourceOf) {
        return new Stratum(sourceOf.get(image), image.label());
    }

    /**
     * Copies the planned images into {@code train/<class>/} and {@code val/<class>/} of each
     * source's {@linkplain Plan#folder split folder}. With several sources, {@code dest/}{@value #MANIFEST}
     * counts as output too (the caller writes it, see {@link DataSource#writeManifest}): it is
     * refused or removed like the folders.
     *
     * @param plan the plan from {@link #plan}
     * @param dest the output folder
     * @param force replace existing output
     * @throws IOException if copying fails, or the output exists and {@code force} is false
     */
    public static void write(Plan plan, Path dest, boolean force) throws IOException {
        List<Path> outputs = new ArrayList<>();
        for (String source : plan.sources()) {
            for (Side side : Side.values()) {
                outputs.add(sideDir(plan, dest, source, side));
            }
        }
        if (plan.sources().size() > 1) {
            outputs.add(dest.resolve(MANIFEST));
        }
        // Refuse before removing anything, so that a refusal leaves every output as it was.
        for (Path output : outputs) {
            if (Files.exists(output) && !force) {
                throw new FileAlreadyExistsException(output.toString(), null,
                        "split output exists; use --force to replace it");
            }
        }
        for (Path output : outputs) {
            if (Files.exists(output)) {
                PathUtils.delete(output);
            }
        }
        Set<Path> written = new HashSet<>();
        for (Assignment a : plan.assignments()) {
            Path dir = sideDir(plan, dest, a.source(), a.side()).resolve(a.image().label());
            Files.createDirectories(dir);
            String name = a.image().path().getFileName().toString();
            Path target = dir.resolve(name);
            // Two source folders may hold the same file name (e.g. with_mask/ and Mask/).
            for (int n = 1; !written.add(target); n++) {
                target = dir.resolve(n + "_" + name);
            }
            Files.copy(a.image().path(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path sideDir(Plan plan, Path dest, String source, Side side) {
        return plan.folder(dest, source).resolve(side.name().toLowerCase(Locale.ROOT));
    }
}
