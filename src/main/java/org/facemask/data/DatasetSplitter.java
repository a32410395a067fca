package org.facemask.data;

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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits a class-folder dataset into train and validation without leakage: exact and
 * near-duplicate images (perceptual hash, mirrored copies included) form groups, and a group
 * lies wholly on one side. Groups are assigned so that each class keeps its share on both sides.
 */
public final class DatasetSplitter {

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
     * @param side its side
     * @param group the id of its near-duplicate group
     */
    public record Assignment(LabeledImage image, Side side, int group) {}

    /**
     * The outcome of planning a split.
     *
     * @param assignments every readable image with its side, in source order
     * @param unreadable files that could not be decoded, with the reason
     * @param groups the number of near-duplicate groups
     * @param duplicateGroups groups with more than one image
     * @param crossClassGroups groups holding images of more than one class
     */
    public record Plan(List<Assignment> assignments, Map<Path, String> unreadable, int groups,
                       int duplicateGroups, int crossClassGroups) {

        /**
         * Counts images per side and class.
         *
         * @return side → class → count
         */
        public Map<Side, Map<String, Integer>> counts() {
            Map<Side, Map<String, Integer>> counts = new TreeMap<>();
            for (Assignment a : assignments) {
                counts.computeIfAbsent(a.side(), s -> new TreeMap<>()).merge(a.image().label(), 1, Integer::sum);
            }
            return counts;
        }
    }

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
     * Plans the split of a dataset: profiles it ({@link DatasetProfile}: decoding, hashing,
     * near-duplicate groups) and assigns whole groups to sides.
     *
     * @param dataset the source dataset
     * @return the plan
     */
    public Plan plan(ClassFolders dataset) {
        DatasetProfile profile = DatasetProfile.analyze(dataset, maxHashDistance);
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
        Map<String, Integer> targets = new HashMap<>();
        profile.classCounts().forEach((label, n) -> targets.put(label, (int) Math.round(n * valFraction)));

        // Larger groups first so that they find room; shuffled within equal sizes for randomness.
        Collections.shuffle(groups, new Random(seed));
        groups.sort(Comparator.comparingInt(g -> -g.size()));

        Map<String, Integer> inVal = new HashMap<>();
        Map<LabeledImage, Assignment> byImage = new HashMap<>();
        int duplicateGroups = 0;
        int crossClass = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<LabeledImage> members = groups.get(g);
            Map<String, Integer> byClass = new HashMap<>();
            members.forEach(m -> byClass.merge(m.label(), 1, Integer::sum));
            duplicateGroups += members.size() > 1 ? 1 : 0;
            crossClass += byClass.size() > 1 ? 1 : 0;
            boolean fits = byClass.entrySet().stream()
                    .allMatch(e -> inVal.getOrDefault(e.getKey(), 0) + e.getValue() <= targets.get(e.getKey()));
            if (fits) {
                byClass.forEach((label, n) -> inVal.merge(label, n, Integer::sum));
            }
            for (LabeledImage m : members) {
                byImage.put(m, new Assignment(m, fits ? Side.VAL : Side.TRAIN, g));
            }
        }
        List<Assignment> assignments = profile.images().stream().map(i -> byImage.get(i.image())).toList();
        return new Plan(assignments, profile.unreadable(), groups.size(), duplicateGroups, crossClass);
    }

    /**
     * Copies the planned images into {@code dest/train/<class>/} and {@code dest/val/<class>/}.
     *
     * @param plan the plan from {@link #plan}
     * @param dest the output folder
     * @param force replace existing {@code train/} and {@code val/} folders
     * @throws IOException if copying fails, or the output exists and {@code force} is false
     */
    public static void write(Plan plan, Path dest, boolean force) throws IOException {
        for (Side side : Side.values()) {
            Path sideDir = dest.resolve(side.name().toLowerCase(java.util.Locale.ROOT));
            if (Files.exists(sideDir)) {
                if (!force) {
                    throw new FileAlreadyExistsException(sideDir.toString(), null,
                            "split output exists; use --force to replace it");
                }
                deleteRecursively(sideDir);
            }
        }
        Set<Path> written = new HashSet<>();
        for (Assignment a : plan.assignments()) {
            Path dir = dest.resolve(a.side().name().toLowerCase(java.util.Locale.ROOT)).resolve(a.image().label());
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

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
