package org.facemask.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.facemask.monitoring.ClassShareBucket;
import org.facemask.monitoring.DriftDetector;
import org.facemask.monitoring.DriftResult;
import org.facemask.monitoring.DriftSamples;
import org.facemask.monitoring.FeatureDrift;
import org.facemask.monitoring.FeatureSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftReportTest {

    private static final String IMAGE = "data:image/png;base64,";

    @TempDir
    Path dir;

    @Test
    void html_shows_verdict_every_feature_and_one_inline_image_per_chart() throws IOException {
        Random random = new Random(7);
        FeatureSamples reference = DriftSamples.sixFeatures(random, 300, 0);
        FeatureSamples current = DriftSamples.sixFeatures(random, 200, 1.0);
        DriftResult result = DriftDetector.defaults().compare(reference, current);
        Path html = dir.resolve("out/drift.html");

        DriftReport.writeHtml(result, reference, current, buckets(), "Drift: today vs training", html);

        String page = Files.readString(html);
        assertTrue(result.drifted());
        assertTrue(page.contains("class=\"verdict bad\">Drift</p>"), "verdict");
        assertTrue(page.contains(DriftReport.esc(result.summary())), "summary");
        for (FeatureDrift f : result.features()) {
            assertTrue(page.contains("<td>" + f.feature() + "</td>"), f.feature());
        }
        assertEquals(result.features().size() + 1, count(page, IMAGE), "one chart per feature plus class share");
        assertFalse(page.contains("http://") || page.contains("https://"), "loads nothing from elsewhere");
    }

    @Test
    void html_without_drift_or_predictions_says_so_and_draws_only_feature_charts() throws IOException {
        Random random = new Random(8);
        FeatureSamples reference = DriftSamples.sixFeatures(random, 300, 0);
        FeatureSamples current = DriftSamples.sixFeatures(random, 300, 0);
        DriftResult result = DriftDetector.defaults().compare(reference, current);
        Path html = dir.resolve("quiet.html");

        DriftReport.writeHtml(result, reference, current, List.of(), "quiet", html);

        String page = Files.readString(html);
        assertFalse(result.drifted(), result.summary());
        assertTrue(page.contains("class=\"verdict ok\">No drift</p>"), "verdict");
        assertTrue(page.contains("No predictions in this window"));
        assertEquals(result.features().size(), count(page, IMAGE));
    }

    @Test
    void html_escapes_feature_names_and_title() throws IOException {
        String name = "<script>alert('x')</script>";
        FeatureSamples samples = new FeatureSamples(Map.of(name, new double[] {1, 2, 3, 4, 5, 6}), Map.of());
        DriftResult result = DriftDetector.defaults().compare(samples, samples);
        Path html = dir.resolve("escaped.html");

        DriftReport.writeHtml(result, samples, samples, List.of(), "a & <b>", html);

        String page = Files.readString(html);
        assertFalse(page.contains("<script>"));
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(page.contains("<title>a &amp; &lt;b&gt;</title>"));
    }

    @Test
    void json_round_trips_with_snake_case_keys_and_null_for_non_finite_numbers() throws IOException {
        Instant at = Instant.parse("2025-03-01T12:00:00Z");
        FeatureDrift brightness = new FeatureDrift("brightness", "numeric", "ks", 0.31, 2e-9, 0.41, 0.025, true,
                812, 240);
        FeatureDrift label = new FeatureDrift("label", "categorical", "insufficient_data", Double.NaN, 1.0,
                Double.POSITIVE_INFINITY, 0.025, false, 812, 3);
        DriftResult result = new DriftResult(List.of(brightness, label), true, 0.05, 0.1, at);
        Path json = dir.resolve("drift.json");

        DriftReport.writeJson(result, json);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(Set.of("drifted", "alpha", "min_effect", "computed_at", "summary", "features"), keys(root));
        assertTrue(root.get("drifted").asBoolean());
        assertEquals(0.05, root.get("alpha").asDouble());
        assertEquals(0.1, root.get("min_effect").asDouble());
        assertEquals(at, Instant.parse(root.get("computed_at").asText()));
        assertEquals(result.summary(), root.get("summary").asText());
        assertEquals(2, root.get("features").size());
        JsonNode first = root.get("features").get(0);
        assertEquals(Set.of("feature", "kind", "test", "statistic", "p_value", "distance", "threshold", "drifted",
                "reference_size", "current_size"), keys(first));
        assertEquals("brightness", first.get("feature").asText());
        assertEquals("numeric", first.get("kind").asText());
        assertEquals("ks", first.get("test").asText());
        assertEquals(0.31, first.get("statistic").asDouble());
        assertEquals(2e-9, first.get("p_value").asDouble());
        assertEquals(0.41, first.get("distance").asDouble());
        assertEquals(0.025, first.get("threshold").asDouble());
        assertTrue(first.get("drifted").asBoolean());
        assertEquals(812, first.get("reference_size").asLong());
        assertEquals(240, first.get("current_size").asLong());
        JsonNode second = root.get("features").get(1);
        assertTrue(second.get("statistic").isNull());
        assertTrue(second.get("distance").isNull());
        assertEquals(1.0, second.get("p_value").asDouble());
    }

    private static List<ClassShareBucket> buckets() {
        List<ClassShareBucket> buckets = new ArrayList<>();
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        for (int h = 0; h < 6; h++) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("mask", 40L - 5L * h);
            counts.put("no_mask", 10L + 5L * h);
            buckets.add(new ClassShareBucket(start.plus(Duration.ofHours(h)), counts, 0.9));
        }
        buckets.add(new ClassShareBucket(start.plus(Duration.ofHours(6)), Map.of(), Double.NaN));
        return buckets;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
