package org.facemask.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.facemask.cli.FaceMaskCli;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.DatasetProfile;
import org.facemask.dataset.LabeledImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdaReportTest {

    private static final String GARBAGE_NAME = "broken<b>&.jpg";

    @TempDir
    Path dir;

    private Path root;
    private Path m2;
    private Path m2Copy;
    private Path m2Flipped;
    private Path alpha;
    private Path garbage;

    /**
     * Builds a small dataset with one of each problem: aliased folder names, an exact copy, a
     * mirrored copy under the other class, a PNG with alpha named .jpg, and a non-image file.
     */
    @BeforeEach
    void buildDataset() throws IOException {
        root = dir.resolve("dataset");
        Path mask = Files.createDirectories(root.resolve("with_mask"));
        Path noMask = Files.createDirectories(root.resolve("WithoutMask"));
        Path other = Files.createDirectories(root.resolve("notes"));
        Files.writeString(other.resolve("readme.txt"), "not a class");

        ImageIO.write(blocks(1, false), "jpeg", mask.resolve("m1.jpg").toFile());
        m2 = mask.resolve("m2.png");
        ImageIO.write(blocks(2, false), "png", m2.toFile());
        m2Copy = Files.copy(m2, mask.resolve("m2_copy.png"));
        alpha = mask.resolve("alpha.jpg");
        ImageIO.write(withAlpha(blocks(3, false)), "png", alpha.toFile());

        ImageIO.write(blocks(4, false), "jpeg", noMask.resolve("n1.jpg").toFile());
        ImageIO.write(blocks(5, false), "jpeg", noMask.resolve("n2.jpeg").toFile());
        m2Flipped = noMask.resolve("m2_flipped.png");
        ImageIO.write(blocks(2, true), "png", m2Flipped.toFile());
        garbage = noMask.resolve(GARBAGE_NAME);
        Files.writeString(garbage, "this is not an image");
    }

    @Test
    void counts_readable_images_per_canonical_class() throws IOException {
        DatasetProfile profile = analyze();

        assertEquals(Map.of("mask", 4, "no_mask", 3), profile.classCounts());
        assertEquals(8, profile.fileCount());
        assertEquals(List.of("notes"), profile.ignoredFolders());
    }

    @Test
    void counts_unreadable_files_without_failing() throws IOException {
        DatasetProfile profile = analyze();

        assertEquals(Set.of(garbage), profile.unreadable().keySet());
        assertTrue(profile.unreadable().get(garbage).contains("not an image"), profile.unreadable().toString());
        assertEquals(Map.of("no_mask", 1), profile.unreadableByClass());
    }

    @Test
    void groups_byte_identical_files_as_exact_duplicates() throws IOException {
        DatasetProfile profile = analyze();

        assertEquals(1, profile.exactDuplicateGroups().size());
        assertEquals(List.of(m2, m2Copy), profile.exactDuplicateGroups().get(0).members().stream()
                .map(LabeledImage::path).toList());
        assertEquals(1, profile.exactDuplicateFiles());
    }

    @Test
    void groups_mirrored_copy_in_other_class_as_cross_class_near_duplicate() throws IOException {
        DatasetProfile profile = analyze();

        assertEquals(1, profile.nearDuplicateGroups().size());
        DatasetProfile.DuplicateGroup group = profile.nearDuplicateGroups().get(0);
        assertEquals(Set.of(m2, m2Copy, m2Flipped),
                Set.copyOf(group.members().stream().map(LabeledImage::path).toList()));
        assertTrue(group.crossClass());
        assertFalse(group.identical());
        assertEquals(1, profile.crossClassGroupCount());
    }

    @Test
    void detects_format_by_content_and_flags_extension_mismatch() throws IOException {
        DatasetProfile profile = analyze();

        assertEquals(Map.of("jpeg", Map.of("mask", 1, "no_mask", 2), "png", Map.of("mask", 3, "no_mask", 1)),
                profile.formatCounts());
        assertEquals(1, profile.extensionMismatchCount());
        assertEquals(alpha, profile.extensionMismatches().get(0).image().path());
        assertEquals(Map.of("mask", 1), profile.colorModeCounts().get("RGBA"));
        assertEquals(1, profile.alphaCount());
        assertTrue(profile.warnings().stream().anyMatch(w -> w.contains("extension disagrees with content for 1")),
                profile.warnings().toString());
    }

    @Test
    void writes_self_contained_html_with_inline_charts() throws IOException {
        Path html = dir.resolve("out/report.html");
        EdaReport.write(analyze(), html);

        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertFalse(page.contains("http://"), "no external references");
        assertFalse(page.contains("https://"), "no external references");
        assertFalse(page.contains("<script"), "no scripts");
        assertTrue(page.contains("data:image/png;base64,"), "inline charts");
        assertTrue(page.contains("data:image/jpeg;base64,"), "inline thumbnails");
        assertTrue(page.contains("mask") && page.contains("no_mask"), "class names");
        assertTrue(page.contains("spans classes"), "cross-class group flagged");
        assertTrue(page.contains("m2_flipped.png"), "group member listed");
    }

    @Test
    void escapes_file_names_in_html() throws IOException {
        Path html = dir.resolve("report.html");
        EdaReport.write(analyze(), html);

        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("broken&lt;b&gt;&amp;.jpg"), "escaped name present");
        assertFalse(page.contains(GARBAGE_NAME), "raw name absent");
    }

    @Test
    void eda_command_writes_report_and_prints_summary() {
        Path html = dir.resolve("cli.html");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = FaceMaskCli.run("eda", "--data", root.toString(), "--out", html.toString());
        } finally {
            System.setOut(stdout);
        }

        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(Files.isRegularFile(html));
        assertTrue(text.contains("mask 4") && text.contains("no_mask 3") && text.contains("1 unreadable"), text);
    }

    private DatasetProfile analyze() throws IOException {
        return DatasetProfile.analyze(ClassFolders.scan(root));
    }

    /** A 6x6 grid of random colour blocks: low-frequency content, so unrelated seeds hash far apart. */
    private static BufferedImage blocks(long seed, boolean mirror) {
        int cell = 20;
        BufferedImage image = new BufferedImage(6 * cell, 6 * cell, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 6; c++) {
                int rgb = random.nextInt(0x1000000);
                int col = mirror ? 5 - c : c;
                for (int y = r * cell; y < (r + 1) * cell; y++) {
                    for (int x = col * cell; x < (col + 1) * cell; x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        return image;
    }

    private static BufferedImage withAlpha(BufferedImage rgb) {
        BufferedImage argb = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int a = x < 10 ? 0 : 0xff; // a transparent strip on the left
                argb.setRGB(x, y, (a << 24) | (rgb.getRGB(x, y) & 0xffffff));
            }
        }
        return argb;
    }
}
