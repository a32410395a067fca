package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemask.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code facemask robustness}: the report's files, and one clear line for bad input. */
class RobustnessCommandTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void writes_json_and_a_self_contained_html_report() throws Exception {
        Path groups = Files.writeString(tmp.resolve("groups.csv"),
                "file,group\nwith_mask_00.jpg,cam-1\nwithout_mask/without_mask_00.jpg,cam-2\n");
        Path json = tmp.resolve("r.json");
        Path html = tmp.resolve("r.html");
        int code = FaceMaskCli.run("robustness", "--data", "fixtures=" + Fixtures.FACES, "--model",
                Fixtures.tinyModel().toString(), "--groups", groups.toString(), "--seed", "9",
                "--json", json.toString(), "--out", html.toString());
        assertEquals(0, code, console.err());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(Fixtures.fileCount(Fixtures.FACES.resolve("with_mask"))
                + Fixtures.fileCount(Fixtures.FACES.resolve("without_mask")), result.get("clean").get("n").asLong());
        boolean fileGroups = false;
        for (JsonNode g : result.get("groups")) {
            fileGroups |= g.get("dimension").asText().equals("groups_file") && g.get("group").asText().equals("cam-2");
        }
        assertTrue(fileGroups, "the --groups file's groups are reported");
        String page = Files.readString(html);
        assertTrue(page.contains("Camera conditions") && page.contains("Covered mouth") && page.contains("Groups"));
        assertTrue(page.contains("data:image/png;base64,"), "charts and examples are inlined");
        assertFalse(page.contains("src=\"http"), "loads nothing from elsewhere");
        assertTrue(console.out().contains("covered mouth"), console.out());
    }

    @Test
    void a_missing_data_folder_is_one_clear_error() throws Exception {
        int code = FaceMaskCli.run("robustness", "--data", tmp.resolve("nowhere").toString(), "--model",
                Fixtures.tinyModel().toString(), "--json", tmp.resolve("r.json").toString(),
                "--out", tmp.resolve("r.html").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(console.err().startsWith("error: dataset folder not found"), console.err());
        assertFalse(Files.exists(tmp.resolve("r.json")));
    }

    @Test
    void a_bad_groups_file_is_one_clear_error_before_any_work() throws Exception {
        Path groups = Files.writeString(tmp.resolve("groups.csv"), "name;site\nwith_mask_00.jpg;cam-1\n");
        int code = FaceMaskCli.run("robustness", "--data", Fixtures.FACES.toString(), "--model",
                Fixtures.tinyModel().toString(), "--groups", groups.toString(), "--json",
                tmp.resolve("r.json").toString(), "--out", tmp.resolve("r.html").toString());
        assertEquals(FaceMaskCli.EXIT_USAGE, code);
        assertTrue(console.err().contains("header 'file,group'"), console.err());
        Path unmatched = Files.writeString(tmp.resolve("other.csv"), "file,group\nsomeone-else.jpg,cam-1\n");
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("robustness", "--data", Fixtures.FACES.toString(),
                "--model", Fixtures.tinyModel().toString(), "--groups", unmatched.toString(), "--limit", "1",
                "--json", tmp.resolve("r.json").toString(), "--out", tmp.resolve("r.html").toString()));
        assertTrue(console.err().contains("none of the 1 files in the groups file"), console.err());
        assertEquals(FaceMaskCli.EXIT_USAGE, FaceMaskCli.run("robustness", "--data", Fixtures.FACES.toString(),
                "--limit", "0", "--json", "a.json", "--out", "a.html"));
    }
}
