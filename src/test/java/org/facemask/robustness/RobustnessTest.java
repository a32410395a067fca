package org.facemask.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.facemask.Fixtures;
import org.facemask.dataset.ClassFolders;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessTest {

    @Test
    void the_same_seed_gives_the_same_json_with_the_documented_keys(@TempDir Path tmp) throws Exception {
        Map<String, ClassFolders> sources = Map.of("fixtures", ClassFolders.scan(Fixtures.FACES));
        Map<String, String> groups = Map.of("without_mask/without_mask_00.jpg", "site-a", "with_mask_00.jpg", "site-b");
        try (MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel())) {
            RobustnessOptions options = RobustnessOptions.builder().optSeed(3).optLimit(6).optFileGroups(groups)
                    .optThreads(2).build();
            Robustness.writeJson(Robustness.measure(classifier, sources, options), tmp.resolve("a.json"));
            Robustness.writeJson(Robustness.measure(classifier, sources,
                    RobustnessOptions.builder().optSeed(3).optLimit(6).optFileGroups(groups).optThreads(1).build()),
                    tmp.resolve("b.json"));
        }
        assertEquals(Files.readString(tmp.resolve("a.json")), Files.readString(tmp.resolve("b.json")));
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("a.json").toFile());
        assertEquals(Set.of("accuracy", "mask_or_not_accuracy", "ece", "n"), names(json.get("clean")));
        assertEquals(12, json.get("clean").get("n").asInt()); // 6 per class
        assertEquals(Perturbations.standard().size(), json.get("perturbations").size());
        for (JsonNode p : json.get("perturbations")) {
            assertEquals(Set.of("name", "level", "accuracy", "mask_or_not_accuracy", "ece", "n"), names(p));
            assertEquals(12, p.get("n").asInt());
        }
        assertEquals(6, json.get("occlusion").get("n").asInt());
        assertTrue(json.get("occlusion").has("skin") && json.get("occlusion").has("cloth"));
        Set<String> dimensions = new TreeSet<>();
        json.get("groups").forEach(g -> dimensions.add(g.get("dimension").asText()));
        assertTrue(dimensions.containsAll(Set.of(Subgroups.FACE_SIZE, Subgroups.BRIGHTNESS, Subgroups.COLOUR,
                Subgroups.SOURCE, Subgroups.SKIN_TONE)), dimensions.toString());
        assertTrue(json.get("flags").isArray());
    }

    @Test
    void a_clearly_worse_group_is_flagged_and_a_tiny_one_is_not() {
        List<Subgroups.Face> faces = new ArrayList<>();
        // 900 faces at 0.97 in site "good", 100 at 0.80 in "bad", 3 with one error in "tiny".
        add(faces, "good", 900, 873);
        add(faces, "bad", 100, 80);
        add(faces, "tiny", 3, 2);
        double overall = (873 + 80 + 2) / 1003.0;
        List<RobustnessResult.Group> groups = Subgroups.groups(faces, List.of("mask", "no_mask"), overall);
        RobustnessResult.Group bad = find(groups, "bad");
        RobustnessResult.Group tiny = find(groups, "tiny");
        assertTrue(bad.flagged(), bad.toString());
        assertFalse(tiny.flagged(), tiny.toString());
        assertTrue(tiny.accuracy().share() < overall - Subgroups.MARGIN, "below overall on its point estimate");
        assertFalse(find(groups, "good").flagged());
        assertTrue(bad.accuracy().ciLow() < 0.80 && bad.accuracy().ciHigh() > 0.80);
    }

    @Test
    void a_groups_file_needs_its_header_and_two_fields_per_line(@TempDir Path tmp) throws Exception {
        Path good = write(tmp, "good.csv", "file,group\nwithout_mask/a.jpg,site-a\nb.jpg,\"site b\"\n");
        assertEquals(Map.of("without_mask/a.jpg", "site-a", "b.jpg", "site b"), Robustness.readGroups(good));
        IOException noHeader = assertThrows(IOException.class,
                () -> Robustness.readGroups(write(tmp, "h.csv", "a.jpg,site\n")));
        assertTrue(noHeader.getMessage().contains("header 'file,group'"), noHeader.getMessage());
        IOException badLine = assertThrows(IOException.class,
                () -> Robustness.readGroups(write(tmp, "l.csv", "file,group\na.jpg,x\nb.jpg\n")));
        assertTrue(badLine.getMessage().contains("line 3"), badLine.getMessage());
        IOException twice = assertThrows(IOException.class,
                () -> Robustness.readGroups(write(tmp, "t.csv", "file,group\na.jpg,x\na.jpg,y\n")));
        assertTrue(twice.getMessage().contains("two groups"), twice.getMessage());
        IOException missing = assertThrows(IOException.class, () -> Robustness.readGroups(tmp.resolve("none.csv")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }

    private static void add(List<Subgroups.Face> faces, String site, int n, int correct) {
        FaceFeatures features = new FaceFeatures(100, 120, false, 30);
        for (int i = 0; i < n; i++) {
            int truth = i % 2;
            float[] p = i < correct == (truth == 0) ? new float[] {0.9f, 0.1f} : new float[] {0.1f, 0.9f};
            faces.add(new Subgroups.Face("s", features, site, truth, p));
        }
    }

    private static RobustnessResult.Group find(List<RobustnessResult.Group> groups, String name) {
        return groups.stream().filter(g -> g.dimension().equals(Subgroups.GROUPS_FILE) && g.group().equals(name))
                .findFirst().orElseThrow();
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
