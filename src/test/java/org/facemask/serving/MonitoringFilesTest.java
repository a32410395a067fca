package org.facemask.serving;

import static org.facemask.serving.TestHttp.part;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.dataset.ClassNames;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.monitoring.PredictionLogWriter;
import org.facemask.serving.http.ServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code monitoring/} query only what the
 * service exports: a renamed metric or label would otherwise leave a panel empty or an alert
 * silent without anyone noticing.
 */
class MonitoringFilesTest {

    private static final Pattern METRIC = Pattern.compile("facemask_[a-z_]+");
    private static final Pattern LABEL_MATCHER = Pattern.compile("(facemask_[a-z_]+)\\{([a-z_]+)=");

    @TempDir
    static Path dir;

    private static ServerApp server;
    private static String scrape;

    @BeforeAll
    static void startAndScrape() throws Exception {
        server = ServerApp.start(ServerConfig.builder().setModelDir(Fixtures.tinyModel()).optHost("127.0.0.1")
                .optPort(0).optBackend(Backend.ONNX).optPredictionLogUrl(PredictionLogWriter.sqliteUrl(dir))
                .optFaceDetection(new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD)).build());
        byte[] scene = Files.readAllBytes(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"));
        TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/v1/predict"), part("file", "s.jpg", scene)).build());
        TestHttp.send(TestHttp.multipart(TestHttp.uri(server, "/predict"), part("file", "x.txt", new byte[] {1, 2}))
                .build());
        scrape = TestHttp.send(HttpRequest.newBuilder(TestHttp.uri(server, "/metrics")).GET().build()).body();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_metric_the_grafana_dashboard_queries_is_exported() throws Exception {
        assertTrue(assertExported(Files.readString(Path.of("monitoring/grafana-dashboard.json")),
                "the dashboard") >= 8);
    }

    @Test
    void every_alert_rule_is_complete_and_queries_exported_metrics_and_labels() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Path.of("monitoring/alerts.yaml").toFile())
                .get("groups").get(0).get("rules");
        assertTrue(rules.size() >= 4, "alert rules: " + rules.size());
        Set<String> names = new HashSet<>();
        for (JsonNode rule : rules) {
            String name = rule.get("alert").asText();
            assertTrue(names.add(name), "duplicate alert " + name);
            assertTrue(rule.get("for").asText().matches("\\d+m"), name);
            assertTrue(List.of("warning", "critical").contains(rule.get("labels").get("severity").asText()), name);
            assertTrue(!rule.get("annotations").get("summary").asText().isBlank(), name);
            String expr = rule.get("expr").asText();
            assertTrue(assertExported(expr, "alert " + name) >= 1, name);
            Matcher m = LABEL_MATCHER.matcher(expr);
            while (m.find()) {
                assertTrue(Pattern.compile(Pattern.quote(m.group(1)) + "\\{[^}]*\\b" + m.group(2) + "=")
                        .matcher(scrape).find(),
                        "alert " + name + " selects " + m.group(1) + " by '" + m.group(2) + "', which it lacks");
            }
        }
    }

    @Test
    void the_alerts_select_class_names_and_error_codes_the_service_uses() throws Exception {
        String rules = Files.readString(Path.of("monitoring/alerts.yaml"));
        Matcher classes = Pattern.compile("class=\"([a-z_]+)\"").matcher(rules);
        while (classes.find()) {
            assertTrue(List.of(ClassNames.MASK, ClassNames.NO_MASK, ClassNames.MASK_INCORRECT)
                    .contains(classes.group(1)), classes.group(1));
        }
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/facemask/serving"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sources.append(Files.readString(file));
            }
        }
        Matcher codes = Pattern.compile("code=~?\"([a-z_|]+)\"").matcher(rules);
        int checked = 0;
        while (codes.find()) {
            for (String code : codes.group(1).split("\\|", -1)) {
                assertTrue(sources.indexOf("\"" + code + "\"") >= 0, "the service never answers error " + code);
                checked++;
            }
        }
        assertTrue(checked >= 3, "error codes checked: " + checked);
    }

    /** Asserts every facemask_ metric named in {@code text} is in the scrape; returns how many were checked. */
    private static int assertExported(String text, String what) {
        Matcher names = METRIC.matcher(text);
        int checked = 0;
        while (names.find()) {
            assertTrue(scrape.contains(names.group() + "{") || scrape.contains(names.group() + " "),
                    what + " queries " + names.group() + ", which /metrics does not export");
            checked++;
        }
        return checked;
    }
}
