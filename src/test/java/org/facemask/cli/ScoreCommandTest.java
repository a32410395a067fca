package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectedFace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code facemask score} and {@code score-merge} on a copy of the face fixtures, with the bundled model. */
class ScoreCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "models/" + FaceMaskCli.BUNDLED_MODEL;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    private Path archive;
    private Set<String> images;

    @BeforeEach
    void copyFixtures() throws IOException {
        archive = tmp.resolve("archive");
        Fixtures.copyTree(Fixtures.FACES, archive.resolve("faces"));
        // A nested folder, and a file that is no image by name: not scored.
        Files.copy(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"), archive.resolve("faces/with_mask/copy.JPEG"));
        Files.writeString(archive.resolve("faces/notes.txt"), "not an image");
        images = new HashSet<>();
        try (Stream<Path> files = Files.walk(archive)) {
            files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".txt"))
                    .forEach(f -> images.add(archive.relativize(f).toString().replace('\\', '/')));
        }
    }

    @Test
    void two_shards_cover_every_image_exactly_once() throws IOException {
        Path first = tmp.resolve("out/shard-0.jsonl");
        Path second = tmp.resolve("out/shard-1.csv");
        assertEquals(0, score("--shard", "0/2", "--output", first.toString()), console.err());
        assertEquals(0, score("--shard", "1/2", "--output", second.toString()), console.err());
        List<String> a = paths(first);
        List<String> b = paths(second);
        assertFalse(a.isEmpty() || b.isEmpty(), "both shards get files: " + a + " " + b);
        Set<String> overlap = new HashSet<>(a);
        overlap.retainAll(b);
        assertTrue(overlap.isEmpty(), "in both shards: " + overlap);
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        assertEquals(images, new HashSet<>(all));
        assertEquals(images.size(), all.size(), "no file twice");

        Path merged = tmp.resolve("merged.jsonl");
        assertEquals(0, FaceMaskCli.run("score-merge", first.toString(), second.toString(), "--output",
                merged.toString()), console.err());
        List<String> mergedPaths = paths(merged);
        assertEquals(images.size(), mergedPaths.size());
        assertEquals(mergedPaths.stream().sorted().toList(), mergedPaths, "sorted by path");
        assertTrue(console.out().contains("files: " + images.size() + ", classified: " + images.size()
                + ", errors: 0, duplicates: 0"), console.out());
        // The label counts printed are those of the rows.
        Map<String, Integer> labels = new HashMap<>();
        for (JsonNode row : rows(merged)) {
            labels.merge(row.get("label").asText(), 1, Integer::sum);
        }
        StringBuilder expected = new StringBuilder("labels:");
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> expected.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        assertTrue(console.out().contains(expected), console.out());
    }

    @Test
    void a_shard_is_chosen_by_path_alone_whatever_the_input_lists() throws IOException {
        // The same files as a list, in reverse order, relative to the list's folder: the same shard.
        List<String> listed = new ArrayList<>(images.stream().sorted().toList());
        Collections.reverse(listed);
        Path list = archive.resolve("images.txt");
        Files.write(list, listed);
        Path fromFolder = tmp.resolve("folder.jsonl");
        Path fromList = tmp.resolve("list.jsonl");
        assertEquals(0, score("--shard", "1/3", "--output", fromFolder.toString()), console.err());
        assertEquals(0, FaceMaskCli.run("score", "--model", MODEL, "--input", list.toString(), "--shard", "1/3",
                "--output", fromList.toString()), console.err());
        assertEquals(new HashSet<>(paths(fromFolder)), new HashSet<>(paths(fromList)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"out.jsonl", "out.csv"})
    void a_rerun_after_a_kill_loses_and_repeats_nothing(String name) throws IOException {
        Path full = tmp.resolve("full-" + name);
        assertEquals(0, score("--output", full.toString()), console.err());
        List<String> fullLines = Files.readAllLines(full, StandardCharsets.UTF_8);
        // As a kill leaves it: some rows written whole, the next one cut in the middle.
        Path killed = tmp.resolve(name);
        int kept = fullLines.size() / 2;
        String whole = String.join("\n", fullLines.subList(0, kept)) + "\n";
        String cut = fullLines.get(kept).substring(0, fullLines.get(kept).length() / 2);
        Files.writeString(killed, whole + cut, StandardCharsets.UTF_8);

        assertEquals(0, score("--output", killed.toString()), console.err());
        assertTrue(console.out().contains("cut off an unfinished last row (" + cut.length() + " bytes)"),
                console.out());
        String resumed = Files.readString(killed, StandardCharsets.UTF_8);
        assertTrue(resumed.startsWith(whole), "the rows written before the kill stay as they were");
        List<String> paths = paths(killed);
        assertEquals(images.size(), paths.size(), "every file once: " + paths);
        assertEquals(images, new HashSet<>(paths));
        // The same rows as the uninterrupted run, in whatever order.
        assertEquals(new HashSet<>(fullLines), new HashSet<>(Files.readAllLines(killed, StandardCharsets.UTF_8)));

        // A third run finds nothing left to do.
        assertEquals(0, score("--output", killed.toString()), console.err());
        assertEquals(resumed, Files.readString(killed, StandardCharsets.UTF_8));
        assertTrue(console.out().contains(images.size() + " already in"), console.out());
    }

    @Test
    void a_corrupt_file_gets_an_error_row_and_the_run_goes_on() throws IOException {
        byte[] jpeg = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_01.jpg"));
        Files.write(archive.resolve("faces/cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(archive.resolve("faces/text.png"), "plain text named as an image");
        Path out = tmp.resolve("out.csv");
        assertEquals(0, score("--output", out.toString()), console.err());
        assertTrue(console.out().contains((images.size() + 2) + " files, 0 already in " + out + ", " + images.size()
                + " scored, 2 errors"), console.out());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals("path,label,confidence,p_mask,p_mask_incorrect,p_no_mask,error,message", lines.get(0));
        String cutRow = lines.stream().filter(l -> l.contains("faces/cut.jpg")).findFirst().orElseThrow();
        assertTrue(cutRow.matches("\"?faces/cut.jpg\"?,,,,,,corrupt_image,.*truncated.*"), cutRow);
        String textRow = lines.stream().filter(l -> l.contains("faces/text.png")).findFirst().orElseThrow();
        assertTrue(textRow.contains(",unsupported_media_type,"), textRow);

        Path merged = tmp.resolve("merged.jsonl");
        assertEquals(0, FaceMaskCli.run("score-merge", out.toString(), "--output", merged.toString()));
        JsonNode error = rows(merged).stream().filter(r -> r.get("path").asText().equals("faces/cut.jpg"))
                .findFirst().orElseThrow();
        assertEquals("corrupt_image", error.get("error").asText());
        assertNull(error.get("label"));
        assertTrue(console.out().contains("errors: corrupt_image=1 unsupported_media_type=1"), console.out());
    }

    @Test
    void faces_are_listed_with_their_labels() throws IOException {
        VocCrops.Annotation truth = VocCrops.read(Fixtures.SCENES.resolve("annotations/maksssksksss0.xml"));
        Path scenes = tmp.resolve("scenes");
        Files.createDirectories(scenes);
        Files.copy(Fixtures.SCENES.resolve("images/" + truth.imageFile()), scenes.resolve("scene.jpg"));
        Path jsonl = tmp.resolve("faces.jsonl");
        Path csv = tmp.resolve("faces.csv");
        for (Path out : List.of(jsonl, csv)) {
            assertEquals(0, FaceMaskCli.run("score", "--model", MODEL, "--input", scenes.toString(), "--output",
                    out.toString(), "--faces", "--detector", Fixtures.YUNET + "," + Fixtures.AIZOO,
                    "--face-threshold", "0.5"), console.err());
        }
        JsonNode row = rows(jsonl).get(0);
        JsonNode faces = row.get("faces");
        assertEquals(truth.faces().size(), faces.size(), row.toString());
        List<String> labels = new ArrayList<>();
        for (VocCrops.FaceBox face : truth.faces()) {
            DetectedFace annotated = new DetectedFace(face.xmin(), face.ymin(), face.xmax(), face.ymax(), 1, 0);
            boolean found = false;
            for (JsonNode f : faces) {
                JsonNode b = f.get("box");
                DetectedFace box = new DetectedFace(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(),
                        b.get(3).asDouble(), 1, 0);
                found |= box.iou(annotated) >= 0.5;
            }
            assertTrue(found, "annotated face " + face + " not in " + faces);
        }
        for (JsonNode f : faces) {
            assertNotNull(f.get("label"));
            assertTrue(f.get("confidence").asDouble() > 0 && f.get("detector_score").asDouble() >= 0.5, f.toString());
            labels.add(f.get("label").asText());
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("path,label,confidence,p_mask,p_mask_incorrect,p_no_mask,faces,face_labels,error,message",
                lines.get(0));
        assertTrue(lines.get(1).replace("\"", "").endsWith("," + faces.size() + "," + String.join(" ", labels) + ",,"),
                lines.get(1));
    }

    @Test
    void score_merge_reports_files_found_twice() throws IOException {
        Path out = tmp.resolve("out.jsonl");
        assertEquals(0, score("--shard", "0/2", "--output", out.toString()), console.err());
        int rows = paths(out).size();
        assertEquals(1, FaceMaskCli.run("score-merge", out.toString(), out.toString()));
        assertTrue(console.err().contains("error: " + rows + " files have more than one row"), console.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2/2", "-1/2", "1", "a/b", "0/0"})
    void a_bad_shard_is_a_usage_error(String shard) {
        assertEquals(2, score("--shard", shard, "--output", tmp.resolve("out.jsonl").toString()));
        assertTrue(console.err().contains("shard must be i/n"), console.err());
        assertFalse(Files.exists(tmp.resolve("out.jsonl")));
    }

    @Test
    void an_output_of_another_kind_is_a_usage_error() throws IOException {
        assertEquals(2, score("--output", tmp.resolve("out.txt").toString()));
        assertTrue(console.err().contains("error: output must end in .jsonl or .csv"), console.err());
        Path csv = tmp.resolve("other.csv");
        Files.writeString(csv, "path,label,confidence,p_cat,p_dog,error,message\n");
        assertEquals(2, score("--output", csv.toString()));
        assertTrue(console.err().contains("has the columns path,label,confidence,p_cat,p_dog"), console.err());
        assertEquals(2, FaceMaskCli.run("score", "--model", MODEL, "--input", tmp.resolve("missing").toString(),
                "--output", tmp.resolve("o.jsonl").toString()));
        assertTrue(console.err().contains("error: input not found"), console.err());
    }

    private int score(String... args) {
        List<String> all = new ArrayList<>(List.of("score", "--model", MODEL, "--input", archive.toString()));
        all.addAll(List.of(args));
        return FaceMaskCli.run(all.toArray(String[]::new));
    }

    /** Returns the paths of an output's rows, in file order. */
    private static List<String> paths(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        if (output.toString().endsWith(".csv")) {
            return lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))
                    .replace("\"", "")).toList();
        }
        List<String> paths = new ArrayList<>();
        for (String line : lines) {
            paths.add(JSON.readTree(line).get("path").asText());
        }
        return paths;
    }

    private static List<JsonNode> rows(Path jsonl) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
