package org.facemask.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.ImageShifts;
import org.facemask.dataset.DatasetSplitter.Assignment;
import org.facemask.dataset.DatasetSplitter.Plan;
import org.facemask.dataset.DatasetSplitter.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitterTest {

    @TempDir
    Path tmp;

    private Path source;

    /** The fixtures plus planted near-duplicates: exact copies, re-encoded copies and mirror images. */
    @BeforeEach
    void buildSourceWithDuplicates() throws IOException {
        source = tmp.resolve("source");
        Fixtures.copyTree(Fixtures.FACES.resolve("with_mask"), source.resolve("WithMask"));
        Fixtures.copyTree(Fixtures.FACES.resolve("without_mask"), source.resolve("Non Mask"));
        for (int i = 0; i < 6; i++) {
            Path original = source.resolve(String.format("WithMask/with_mask_%02d.jpg", i));
            Files.copy(original, source.resolve("WithMask/exact copy " + i + ".jpg"));
            BufferedImage image = ImageIO.read(original.toFile());
            ImageIO.write(image, "png", source.resolve("WithMask/re-encoded " + i + ".png").toFile());
            ImageIO.write(ImageShifts.mirror(image), "jpeg",
                    source.resolve("WithMask/mirrored " + i + ".jpg").toFile());
        }
        Files.writeString(source.resolve("Non Mask/notes.jpg"), "not an image");
        Files.createDirectories(source.resolve("README-folder"));
    }

    @Test
    void keeps_every_near_duplicate_group_on_one_side() throws IOException {
        Plan plan = new DatasetSplitter(0.2, 42, 8).plan(ClassFolders.scan(source));
        Map<Integer, Set<Side>> sidesByGroup = plan.assignments().stream().collect(Collectors.groupingBy(
                Assignment::group, Collectors.mapping(Assignment::side, Collectors.toSet())));
        sidesByGroup.forEach((group, sides) -> assertEquals(1, sides.size(), "group " + group + " straddles"));
        for (int i = 0; i < 6; i++) {
            String n = String.valueOf(i);
            List<Integer> groups = plan.assignments().stream()
                    .filter(a -> a.image().path().getFileName().toString().matches("(exact copy |re-encoded |mirrored )"
                            + n + "\\..*|with_mask_0" + n + "\\.jpg"))
                    .map(Assignment::group).distinct().toList();
            assertEquals(1, groups.size(), "copies of with_mask_0" + i + " were split into groups " + groups);
        }
        assertTrue(plan.duplicateGroups() >= 6);
    }

    @Test
    void keeps_each_class_share_close_to_the_fraction() throws IOException {
        Plan plan = new DatasetSplitter(0.25, 1, 8).plan(ClassFolders.scan(source));
        Map<Side, Map<String, Integer>> counts = plan.counts();
        for (String label : List.of(ClassNames.MASK, ClassNames.NO_MASK)) {
            int val = counts.get(Side.VAL).getOrDefault(label, 0);
            int total = val + counts.get(Side.TRAIN).getOrDefault(label, 0);
            // Groups move as a whole, so the share can miss by at most one group (4 images here).
            assertTrue(Math.abs(val - 0.25 * total) <= 4.5, label + ": " + val + " of " + total + " in val");
            assertTrue(val > 0, "no " + label + " image in validation");
        }
    }

    @Test
    void same_seed_gives_same_split_and_other_seed_another() throws IOException {
        ClassFolders dataset = ClassFolders.scan(source);
        assertEquals(sides(new DatasetSplitter(0.2, 5, 8).plan(dataset)),
                sides(new DatasetSplitter(0.2, 5, 8).plan(dataset)));
        assertNotEquals(sides(new DatasetSplitter(0.2, 5, 8).plan(dataset)),
                sides(new DatasetSplitter(0.2, 6, 8).plan(dataset)));
    }

    @Test
    void reports_unreadable_files_and_leaves_them_out() throws IOException {
        Plan plan = new DatasetSplitter(0.2, 42, 8).plan(ClassFolders.scan(source));
        assertEquals(1, plan.unreadable().size());
        assertTrue(plan.assignments().stream().noneMatch(a -> a.image().path().endsWith("notes.jpg")));
    }

    @Test
    void writes_canonical_class_folders_and_refuses_to_overwrite_without_force() throws IOException {
        Plan plan = new DatasetSplitter(0.2, 42, 8).plan(ClassFolders.scan(source));
        Path dest = tmp.resolve("data");
        DatasetSplitter.write(plan, dest, false);
        int written = 0;
        for (String side : List.of("train", "val")) {
            for (String label : List.of("mask", "no_mask")) {
                try (var files = Files.list(dest.resolve(side).resolve(label))) {
                    written += (int) files.count();
                }
            }
        }
        assertEquals(plan.assignments().size(), written);
        assertThrows(FileAlreadyExistsException.class, () -> DatasetSplitter.write(plan, dest, false));
        DatasetSplitter.write(plan, dest, true);
    }

    @Test
    void keeps_copies_in_another_source_on_the_side_of_their_original() throws IOException {
        Path other = otherSource();
        Plan plan = new DatasetSplitter(0.2, 42, 8).plan(twoSources(other));
        Map<Path, Assignment> byPath = new HashMap<>();
        plan.assignments().forEach(a -> byPath.put(a.image().path(), a));
        Set<Side> sidesOfCopies = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Assignment original = byPath.get(source.resolve(String.format("WithMask/with_mask_%02d.jpg", i)));
            Assignment copy = byPath.get(other.resolve("with_mask/" + (i < 3 ? "copy " : "mirror ") + i + ".jpg"));
            assertEquals("a", original.source());
            assertEquals("b", copy.source());
            assertEquals(original.group(), copy.group(), "copy " + i + " is not grouped with its original");
            assertEquals(original.side(), copy.side(), "copy " + i + " is on the other side");
            sidesOfCopies.add(copy.side());
        }
        // Otherwise the test could pass by putting every cross-source group in train.
        assertEquals(Set.of(Side.TRAIN, Side.VAL), sidesOfCopies);
        assertEquals(6, plan.crossSourceGroups());
        assertEquals(List.of("a", "b"), plan.sources());
    }

    @Test
    void keeps_each_class_share_within_each_source() throws IOException {
        Plan plan = new DatasetSplitter(0.2, 42, 8).plan(twoSources(otherSource()));
        for (String name : plan.sources()) {
            Map<Side, Map<String, Integer>> counts = plan.counts(name);
            for (String label : List.of(ClassNames.MASK, ClassNames.NO_MASK)) {
                int val = counts.get(Side.VAL).getOrDefault(label, 0);
                int total = val + counts.get(Side.TRAIN).getOrDefault(label, 0);
                // Groups move as a whole, so the share can miss by at most one group (5 images here).
                assertTrue(Math.abs(val - 0.2 * total) <= 5.5, name + "/" + label + ": " + val + " of " + total);
                assertTrue(val > 0, "no " + name + "/" + label + " image in validation");
            }
        }
    }

    @Test
    void writes_a_split_folder_per_source_and_treats_the_manifest_as_output() throws IOException {
        Plan plan = new DatasetSplitter(0.2, 42, 8).plan(twoSources(otherSource()));
        Path dest = tmp.resolve("data");
        DatasetSplitter.write(plan, dest, false);
        for (String name : List.of("a", "b")) {
            for (Side side : Side.values()) {
                Path dir = plan.folder(dest, name).resolve(side.name().toLowerCase(Locale.ROOT));
                assertEquals(dest.resolve(name), plan.folder(dest, name));
                for (var e : plan.counts(name).get(side).entrySet()) {
                    try (var files = Files.list(dir.resolve(e.getKey()))) {
                        assertEquals(e.getValue().longValue(), files.count(), dir + "/" + e.getKey());
                    }
                }
            }
        }
        assertTrue(Files.notExists(dest.resolve("train")));
        assertThrows(FileAlreadyExistsException.class, () -> DatasetSplitter.write(plan, dest, false));

        // A manifest alone is output too: refused untouched, removed with force for the caller to rewrite.
        Path stale = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(stale.resolve(DatasetSplitter.MANIFEST), "{}");
        assertThrows(FileAlreadyExistsException.class, () -> DatasetSplitter.write(plan, stale, false));
        assertTrue(Files.notExists(stale.resolve("a")));
        DatasetSplitter.write(plan, stale, true);
        assertTrue(Files.notExists(stale.resolve(DatasetSplitter.MANIFEST)));
    }

    @Test
    void refuses_a_folder_given_as_two_sources() throws IOException {
        Map<String, ClassFolders> sources = new LinkedHashMap<>();
        sources.put("a", ClassFolders.scan(source));
        sources.put("b", ClassFolders.scan(tmp.resolve("./source")));
        var e = assertThrows(IllegalArgumentException.class, () -> new DatasetSplitter(0.2, 42, 8).plan(sources));
        assertTrue(e.getMessage().contains("sources a and b"), e.getMessage());
    }

    /** Source "a" is the planted source; "b" holds its own noise images and copies of six of "a"'s. */
    private Map<String, ClassFolders> twoSources(Path other) throws IOException {
        Map<String, ClassFolders> sources = new LinkedHashMap<>();
        sources.put("a", ClassFolders.scan(source));
        sources.put("b", ClassFolders.scan(other));
        return sources;
    }

    /**
     * Another source: ten noise images per class (each its own group: random hashes lie ~32 bits
     * apart), byte-identical copies of WithMask/with_mask_00..02 and mirror images of 03..05.
     */
    private Path otherSource() throws IOException {
        Path other = tmp.resolve("other");
        Random random = new Random(3);
        for (String folder : List.of("with_mask", "without_mask")) {
            Files.createDirectories(other.resolve(folder));
            for (int i = 0; i < 10; i++) {
                BufferedImage noise = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        noise.setRGB(x, y, random.nextInt(1 << 24));
                    }
                }
                ImageIO.write(noise, "png", other.resolve(folder + "/noise " + i + ".png").toFile());
            }
        }
        for (int i = 0; i < 6; i++) {
            Path original = source.resolve(String.format("WithMask/with_mask_%02d.jpg", i));
            if (i < 3) {
                Files.copy(original, other.resolve("with_mask/copy " + i + ".jpg"));
            } else {
                BufferedImage mirrored = ImageShifts.mirror(ImageIO.read(original.toFile()));
                ImageIO.write(mirrored, "jpeg", other.resolve("with_mask/mirror " + i + ".jpg").toFile());
            }
        }
        return other;
    }

    @Test
    void rejects_invalid_fractions() {
        assertThrows(IllegalArgumentException.class, () -> new DatasetSplitter(0, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> new DatasetSplitter(1, 1, 8));
    }

    private static Map<Path, Side> sides(Plan plan) {
        Map<Path, Side> sides = new HashMap<>();
        plan.assignments().forEach(a -> sides.put(a.image().path(), a.side()));
        return sides;
    }

    @Test
    void scans_class_folders_that_are_symbolic_links() throws IOException {
        Path linked = tmp.resolve("linked");
        Files.createDirectories(linked);
        Files.createSymbolicLink(linked.resolve("with_mask"), Fixtures.FACES.resolve("with_mask").toAbsolutePath());
        ClassFolders dataset = ClassFolders.scan(linked);
        try (var files = Files.list(Fixtures.FACES.resolve("with_mask"))) {
            assertEquals(files.count(), dataset.images().size());
        }
    }
}
