package org.facemask.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImageDecodingException;

/**
 * What a class-folder dataset holds, for the EDA report: images per class, sizes, formats and
 * colour modes (by content), unreadable files, and exact and near-duplicate groups.
 *
 * <p>Near-duplicates use the same rule as {@link DatasetSplitter}: perceptual hashes at most
 * {@link #NEAR_DUPLICATE_BITS} bits apart, mirrored copies included, grouped transitively.
 */
public final class DatasetProfile {

    /** Perceptual-hash distance (bits) up to which two images are near-duplicates. */
    public static final int NEAR_DUPLICATE_BITS = 8;

    // The format each file-name extension promises; other extensions promise no image format.
    private static final Map<String, String> FORMAT_BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "jpeg"), Map.entry("jpeg", "jpeg"), Map.entry("jpe", "jpeg"),
            Map.entry("jfif", "jpeg"), Map.entry("png", "png"), Map.entry("webp", "webp"),
            Map.entry("bmp", "bmp"), Map.entry("dib", "bmp"), Map.entry("gif", "gif"));

    // Warning thresholds: loose enough that a tidy dataset yields no warnings.
    private static final double IMBALANCE_RATIO = 1.5;
    private static final double SIZE_RATIO = 1.5;
    private static final double ASPECT_RATIO = 1.15;
    private static final double SHARE_GAP = 0.05;

    /**
     * What was learned about one readable image.
     *
     * @param image the file and its class
     * @param sha256 hex SHA-256 of the file content
     * @param format the format detected from content (e.g. {@code jpeg}, {@code png})
     * @param colorMode the source colour mode (e.g. {@code RGB}, {@code RGBA}, {@code GRAY})
     * @param width width in pixels
     * @param height height in pixels
     * @param hash perceptual hash
     * @param mirrorHash perceptual hash of the left-right mirror
     */
    public record ImageInfo(LabeledImage image, String sha256, String format, String colorMode,
                            int width, int height, long hash, long mirrorHash) {

        /** Returns width divided by height. */
        public double aspect() {
            return (double) width / height;
        }

        /** Returns the lower-cased file-name extension without the dot, or "" when there is none. */
        public String extension() {
            String name = image.path().getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }

        /** Tells whether the file-name extension names the format found in the content. */
        public boolean extensionMatches() {
            return format.equals(FORMAT_BY_EXTENSION.get(extension()));
        }

        /** Tells whether the source has an alpha channel. */
        public boolean hasAlpha() {
            return colorMode.endsWith("ALPHA") || colorMode.equals("RGBA");
        }
    }

    /**
     * Median size of one class's readable images.
     *
     * @param count readable images
     * @param medianWidth median width in pixels
     * @param medianHeight median height in pixels
     * @param medianAspect median width / height
     */
    public record SizeStats(int count, double medianWidth, double medianHeight, double medianAspect) {}

    /**
     * Images that are copies of each other.
     *
     * @param members the images, in source order
     * @param identical whether all members have the same bytes
     */
    public record DuplicateGroup(List<LabeledImage> members, boolean identical) {

        /**
         * Creates a group.
         *
         * @param members the images, in source order
         * @param identical whether all members have the same bytes
         */
        public DuplicateGroup {
            members = List.copyOf(members);
        }

        /** Returns the classes of the members, sorted. */
        public Set<String> classes() {
            Set<String> classes = new TreeSet<>();
            members.forEach(m -> classes.add(m.label()));
            return Collections.unmodifiableSet(classes);
        }

        /** Tells whether members carry different classes. */
        public boolean crossClass() {
            return classes().size() > 1;
        }
    }

    private final Path root;
    private final List<String> classes;
    private final List<String> ignoredFolders;
    private final int fileCount;
    private final List<ImageInfo> images;
    private final Map<Path, String> unreadable;
    private final Map<String, Integer> unreadableByClass;
    private final List<DuplicateGroup> exactGroups;
    private final List<DuplicateGroup> nearGroups;

    private DatasetProfile(ClassFolders dataset, List<ImageInfo> images, Map<Path, String> unreadable,
                           Map<String, Integer> unreadableByClass, List<DuplicateGroup> exactGroups,
                           List<DuplicateGroup> nearGroups) {
        this.root = dataset.root();
        this.classes = dataset.classes();
        this.ignoredFolders = dataset.ignoredFolders();
        this.fileCount = dataset.images().size();
        this.images = List.copyOf(images);
        this.unreadable = Collections.unmodifiableMap(unreadable);
        this.unreadableByClass = Collections.unmodifiableMap(unreadableByClass);
        this.exactGroups = List.copyOf(exactGroups);
        this.nearGroups = List.copyOf(nearGroups);
    }

    /**
     * Profiles a dataset: hashes and decodes every file (in parallel) and groups duplicates.
     * Files that cannot be decoded are recorded, never fatal.
     *
     * @param dataset the scanned dataset
     * @return the profile
     */
    public static DatasetProfile analyze(ClassFolders dataset) {
        return analyze(dataset, NEAR_DUPLICATE_BITS);
    }

    /**
     * Profiles a dataset with a chosen near-duplicate threshold.
     *
     * @param dataset the scanned dataset
     * @param nearDuplicateBits perceptual-hash distance (bits) up to which images are near-duplicates
     * @return the profile
     */
    public static DatasetProfile analyze(ClassFolders dataset, int nearDuplicateBits) {
        if (nearDuplicateBits < 0 || nearDuplicateBits > 64) {
            throw new IllegalArgumentException("hash distance must be in 0..64, got " + nearDuplicateBits);
        }
        List<LabeledImage> files = dataset.images();
        int n = files.size();
        String[] digests = new String[n];
        ImageInfo[] infos = new ImageInfo[n];
        String[] errors = new String[n];
        ImageDecoder decoder = new ImageDecoder();
        IntStream.range(0, n).parallel().forEach(i -> {
            LabeledImage image = files.get(i);
            try {
                digests[i] = ClassFolders.sha256(image.path());
                DecodedImage decoded = decoder.decode(image.path());
                long[] hashes = PerceptualHash.withMirror(decoded.rgb());
                infos[i] = new ImageInfo(image, digests[i], decoded.format(), decoded.colorMode(),
                        decoded.width(), decoded.height(), hashes[0], hashes[1]);
            } catch (ImageDecodingException e) {
                errors[i] = withoutFileName(e.getMessage(), image.path());
            } catch (IOException e) {
                errors[i] = "cannot read file: " + e.getMessage();
            }
        });

        List<ImageInfo> readable = new ArrayList<>();
        Map<Path, String> unreadable = new LinkedHashMap<>();
        Map<String, Integer> unreadableByClass = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (infos[i] != null) {
                readable.add(infos[i]);
            } else {
                unreadable.put(files.get(i).path(), errors[i]);
                unreadableByClass.merge(files.get(i).label(), 1, Integer::sum);
            }
        }
        return new DatasetProfile(dataset, readable, unreadable, unreadableByClass,
                exactGroups(files, digests), nearGroups(readable, nearDuplicateBits));
    }

    /** Byte-identical files, unreadable ones included: a copy is a copy whatever it holds. */
    private static List<DuplicateGroup> exactGroups(List<LabeledImage> files, String[] digests) {
        Map<String, List<LabeledImage>> byDigest = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            if (digests[i] != null) {
                byDigest.computeIfAbsent(digests[i], d -> new ArrayList<>()).add(files.get(i));
            }
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        byDigest.values().stream().filter(g -> g.size() > 1).forEach(g -> groups.add(new DuplicateGroup(g, true)));
        return groups;
    }

    /** Connected components of the near-duplicate relation; identical files hash alike, so they join too. */
    private static List<DuplicateGroup> nearGroups(List<ImageInfo> images, int maxBits) {
        int n = images.size();
        int[] parent = IntStream.range(0, n).toArray();
        for (int i = 0; i < n; i++) {
            long h = images.get(i).hash();
            for (int j = i + 1; j < n; j++) {
                ImageInfo other = images.get(j);
                int d = Math.min(PerceptualHash.distance(h, other.hash()),
                        PerceptualHash.distance(h, other.mirrorHash()));
                if (d <= maxBits) {
                    union(parent, i, j);
                }
            }
        }
        Map<Integer, List<Integer>> components = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            components.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        for (List<Integer> members : components.values()) {
            if (members.size() > 1) {
                String first = images.get(members.get(0)).sha256();
                boolean identical = members.stream().allMatch(i -> images.get(i).sha256().equals(first));
                groups.add(new DuplicateGroup(members.stream().map(i -> images.get(i).image()).toList(), identical));
            }
        }
        // Groups that span classes matter most (label noise, leakage), then the largest.
        groups.sort(Comparator.comparing((DuplicateGroup g) -> !g.crossClass())
                .thenComparing(g -> -g.members().size()));
        return groups;
    }

    /** Returns the dataset root. */
    public Path root() {
        return root;
    }

    /** Returns the canonical classes found, sorted. */
    public List<String> classes() {
        return classes;
    }

    /** Returns the sub-folders skipped because they name no known class. */
    public List<String> ignoredFolders() {
        return ignoredFolders;
    }

    /** Returns the number of files examined, readable or not. */
    public int fileCount() {
        return fileCount;
    }

    /** Returns every readable image, in source order. */
    public List<ImageInfo> images() {
        return images;
    }

    /**
     * Counts readable images per class.
     *
     * @return class → readable images, every class present (possibly with 0), sorted
     */
    public Map<String, Integer> classCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        classes.forEach(c -> counts.put(c, 0));
        images.forEach(i -> counts.merge(i.image().label(), 1, Integer::sum));
        return counts;
    }

    /** Returns the files that could not be decoded, with the reason (without the file name), in source order. */
    public Map<Path, String> unreadable() {
        return unreadable;
    }

    /** Returns class → number of unreadable files, for classes that have any. */
    public Map<String, Integer> unreadableByClass() {
        return unreadableByClass;
    }

    /** Returns the groups of byte-identical files (same SHA-256), in source order. */
    public List<DuplicateGroup> exactDuplicateGroups() {
        return exactGroups;
    }

    /** Returns the number of files that are redundant byte-identical copies (group sizes minus one). */
    public int exactDuplicateFiles() {
        return exactGroups.stream().mapToInt(g -> g.members().size() - 1).sum();
    }

    /**
     * Returns the near-duplicate groups among readable images (exact copies included), groups that
     * span classes first, then larger groups first.
     */
    public List<DuplicateGroup> nearDuplicateGroups() {
        return nearGroups;
    }

    /** Returns the number of near-duplicate groups whose members carry different classes. */
    public int crossClassGroupCount() {
        return (int) nearGroups.stream().filter(DuplicateGroup::crossClass).count();
    }

    /** Returns format (by content) → class → readable images, both sorted. */
    public Map<String, Map<String, Integer>> formatCounts() {
        return countBy(ImageInfo::format);
    }

    /** Returns colour mode → class → readable images, both sorted. */
    public Map<String, Map<String, Integer>> colorModeCounts() {
        return countBy(ImageInfo::colorMode);
    }

    /** Returns the readable images whose file-name extension does not name their content's format. */
    public List<ImageInfo> extensionMismatches() {
        return images.stream().filter(i -> !i.extensionMatches()).toList();
    }

    /** Returns the number of readable images whose file-name extension does not name their format. */
    public int extensionMismatchCount() {
        return extensionMismatches().size();
    }

    /** Returns the number of readable images with an alpha channel. */
    public int alphaCount() {
        return (int) images.stream().filter(ImageInfo::hasAlpha).count();
    }

    /** Returns class → median size, for classes with readable images, sorted. */
    public Map<String, SizeStats> sizeStats() {
        Map<String, SizeStats> stats = new TreeMap<>();
        for (String c : classes) {
            List<ImageInfo> own = images.stream().filter(i -> i.image().label().equals(c)).toList();
            if (!own.isEmpty()) {
                stats.put(c, new SizeStats(own.size(),
                        median(own.stream().mapToDouble(ImageInfo::width).toArray()),
                        median(own.stream().mapToDouble(ImageInfo::height).toArray()),
                        median(own.stream().mapToDouble(ImageInfo::aspect).toArray())));
            }
        }
        return stats;
    }

    /**
     * Lists what deserves a second look, most important first: unreadable files, imbalance,
     * duplicates, and differences between classes a model could learn instead of the mask.
     *
     * @return one sentence per finding; empty when nothing stands out
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (!unreadable.isEmpty()) {
            warnings.add(unreadable.size() + " file(s) cannot be decoded and are left out of the other counts");
        }
        Map<String, Integer> counts = classCounts();
        if (counts.size() > 1) {
            String big = argMax(counts, Integer::doubleValue);
            String small = argMax(counts, v -> -v.doubleValue());
            if (counts.get(small) == 0 || counts.get(big) >= IMBALANCE_RATIO * counts.get(small)) {
                warnings.add(String.format(Locale.ROOT, "classes are imbalanced: %s %d vs %s %d images",
                        big, counts.get(big), small, counts.get(small)));
            }
        }
        int cross = crossClassGroupCount();
        if (cross > 0) {
            // Tight face crops can also land within a few bits of each other, hence "check".
            warnings.add(cross + " near-duplicate group(s) span classes: look at their thumbnails — the same"
                    + " picture under two labels is label noise, but look-alike crops can match by chance");
        }
        if (exactDuplicateFiles() > 0) {
            warnings.add(exactDuplicateFiles() + " file(s) are byte-identical copies of another file ("
                    + exactGroups.size() + " group(s))");
        }
        if (!nearGroups.isEmpty()) {
            int inGroups = nearGroups.stream().mapToInt(g -> g.members().size()).sum();
            warnings.add(nearGroups.size() + " near-duplicate group(s) hold " + inGroups
                    + " images: split by group (facemask split does) or validation scores are inflated");
        }
        warnings.addAll(sizeWarnings());
        shareWarning("formats", formatCounts()).ifPresent(warnings::add);
        shareWarning("colour modes", colorModeCounts()).ifPresent(warnings::add);
        int mismatches = extensionMismatchCount();
        if (mismatches > 0) {
            warnings.add("file name extension disagrees with content for " + mismatches + " file(s)");
        }
        if (alphaCount() > 0) {
            warnings.add(alphaCount() + " image(s) have an alpha channel (transparent pixels become white)");
        }
        if (!ignoredFolders.isEmpty()) {
            warnings.add("ignored folders (no known class): " + String.join(", ", ignoredFolders));
        }
        return warnings;
    }

    private List<String> sizeWarnings() {
        Map<String, SizeStats> stats = sizeStats();
        List<String> warnings = new ArrayList<>();
        if (stats.size() < 2) {
            return warnings;
        }
        // Compare by pixel count so one sentence covers width and height.
        Function<SizeStats, Double> area = s -> s.medianWidth() * s.medianHeight();
        String big = argMax(stats, area);
        String small = argMax(stats, s -> -area.apply(s));
        SizeStats b = stats.get(big);
        SizeStats s = stats.get(small);
        if (b.medianWidth() >= SIZE_RATIO * s.medianWidth() || b.medianHeight() >= SIZE_RATIO * s.medianHeight()) {
            warnings.add(String.format(Locale.ROOT, "classes differ in median size: %s %.0f×%.0f px vs %s %.0f×%.0f px"
                    + " — a shortcut a model can learn", big, b.medianWidth(), b.medianHeight(),
                    small, s.medianWidth(), s.medianHeight()));
        }
        String wide = argMax(stats, SizeStats::medianAspect);
        String narrow = argMax(stats, x -> -x.medianAspect());
        if (stats.get(wide).medianAspect() >= ASPECT_RATIO * stats.get(narrow).medianAspect()) {
            warnings.add(String.format(Locale.ROOT, "classes differ in median aspect ratio (w/h): %s %.2f vs %s %.2f"
                    + " — a shortcut a model can learn", wide, stats.get(wide).medianAspect(),
                    narrow, stats.get(narrow).medianAspect()));
        }
        return warnings;
    }

    /**
     * Flags values (formats, colour modes) much more common in one class than in another, in one
     * sentence per attribute. The most common value is named only when nothing else explains the
     * gap: with jpeg and png, "png 11% vs 0%" already says "jpeg 89% vs 100%".
     */
    private Optional<String> shareWarning(String what, Map<String, Map<String, Integer>> table) {
        Map<String, Integer> counts = classCounts();
        counts.values().removeIf(v -> v == 0);
        if (counts.size() < 2 || table.isEmpty()) {
            return Optional.empty();
        }
        String common = argMax(table, byClass -> (double) byClass.values().stream().mapToInt(Integer::intValue).sum());
        Map<String, String> gaps = new TreeMap<>();
        table.forEach((value, byClass) -> {
            Map<String, Double> share = new TreeMap<>();
            counts.forEach((c, n) -> share.put(c, byClass.getOrDefault(c, 0) / (double) n));
            String most = argMax(share, v -> v);
            String least = argMax(share, v -> -v);
            if (share.get(most) - share.get(least) >= SHARE_GAP) {
                gaps.put(value, String.format(Locale.ROOT, "%s is %.1f%% of %s but %.1f%% of %s",
                        value, 100 * share.get(most), most, 100 * share.get(least), least));
            }
        });
        if (gaps.size() > 1) {
            gaps.remove(common);
        }
        return gaps.isEmpty() ? Optional.empty() : Optional.of(what + " differ between classes: "
                + String.join("; ", gaps.values()) + " — a shortcut a model can learn");
    }

    private Map<String, Map<String, Integer>> countBy(Function<ImageInfo, String> key) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (ImageInfo i : images) {
            counts.computeIfAbsent(key.apply(i), k -> new TreeMap<>()).merge(i.image().label(), 1, Integer::sum);
        }
        return counts;
    }

    /** Returns the key whose value scores highest; the first such key on ties (maps are sorted). */
    private static <V> String argMax(Map<String, V> map, Function<V, Double> score) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, V> e : map.entrySet()) {
            double s = score.apply(e.getValue());
            if (s > bestScore) {
                best = e.getKey();
                bestScore = s;
            }
        }
        return best;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The decoder prefixes messages with the file name; the report shows the name in its own column. */
    private static String withoutFileName(String message, Path file) {
        String prefix = file.getFileName() + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length())
                : String.valueOf(message);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
