package org.facemask;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package layers of CONTRIBUTING.md: a package uses only the packages below it, never one
 * beside or above it.
 *
 * <pre>
 * 7  cli
 * 6  serving.http | batch
 * 5  serving | training | report
 * 4b robustness
 * 4  monitoring | evaluation | video | quantization
 * 3  detection
 * 2  dataset | model
 * 1  image
 * 0  config
 * </pre>
 *
 * <p>ArchUnit checks the compiled main classes. Bytecode does not show a constant that javac
 * inlined ({@code static final} primitives and strings), so the same table is also checked
 * against the imports and qualified names in the sources.
 */
@AnalyzeClasses(packages = "org.facemask", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "org.facemask.";
    private static final Path SOURCES = Path.of("src/main/java/org/facemask");

    /** Each package, bottom up, with the packages it may use (besides itself). */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("config", List.of());
        MAY_USE.put("image", List.of("config"));
        MAY_USE.put("dataset", List.of("config", "image"));
        MAY_USE.put("model", List.of("config", "image"));
        MAY_USE.put("detection", List.of("config", "image", "dataset", "model"));
        MAY_USE.put("monitoring", List.of("config", "image", "dataset", "model", "detection"));
        MAY_USE.put("evaluation", List.of("config", "image", "dataset", "model", "detection"));
        MAY_USE.put("video", List.of("config", "image", "dataset", "model", "detection"));
        MAY_USE.put("quantization", List.of("config", "image", "dataset", "model"));
        MAY_USE.put("robustness", List.of("config", "image", "dataset", "model", "detection", "evaluation"));
        MAY_USE.put("serving", List.of("config", "image", "dataset", "model", "detection", "monitoring",
                "video"));
        MAY_USE.put("training", List.of("config", "image", "dataset", "model", "detection", "monitoring",
                "evaluation"));
        MAY_USE.put("report", List.of("config", "image", "dataset", "model", "detection", "monitoring",
                "evaluation", "robustness"));
        MAY_USE.put("serving.http", List.of("config", "image", "dataset", "model", "detection", "monitoring",
                "video", "serving"));
        MAY_USE.put("batch", List.of("config", "image", "dataset", "model", "detection", "monitoring",
                "video", "serving"));
        MAY_USE.put("cli", List.of("config", "image", "dataset", "model", "detection", "monitoring", "evaluation",
                "robustness", "video", "quantization", "serving", "training", "report", "serving.http", "batch"));
    }

    @ArchTest
    static final ArchRule layers = layers();

    /** The service ships the inference path only: said once more on its own, for a plain message. */
    @ArchTest
    static final ArchRule serving_stays_off_training_evaluation_and_reports = noClasses()
            .that().resideInAPackage("org.facemask.serving..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.facemask.training..", "org.facemask.evaluation..", "org.facemask.report..")
            .because("the service ships the inference path only");

    /** Charts are drawn for offline reports and the training curve, never on the serving path. */
    @ArchTest
    static final ArchRule jfreechart_only_in_reports_and_training = noClasses()
            .that().resideOutsideOfPackages("org.facemask.report", "org.facemask.training")
            .should().dependOnClassesThat().resideInAPackage("org.jfree..")
            .because("JFreeChart renders offline reports; the service and the data tools do without it");

    /** System properties are read through one list, which docs/configuration.md is checked against. */
    @ArchTest
    static final ArchRule system_properties_only_through_config = noClasses()
            .that().resideOutsideOfPackage("org.facemask.config")
            .should().callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class)
            .orShould().callMethod(Boolean.class, "getBoolean", String.class)
            .orShould().callMethod(Integer.class, "getInteger", String.class)
            .orShould().callMethod(Integer.class, "getInteger", String.class, int.class)
            .orShould().callMethod(Long.class, "getLong", String.class)
            .orShould().callMethod(Long.class, "getLong", String.class, long.class)
            .because("config.SystemProperty lists every system property the code reads");

    /** A new package needs its place in the table, or the layer rule would not see it. */
    @ArchTest
    static final ArchRule every_class_sits_in_a_layer = classes()
            .should().resideInAnyPackage(MAY_USE.keySet().stream().map(p -> ROOT + p).toArray(String[]::new))
            .because("each package is placed in a layer in ArchitectureTest and CONTRIBUTING.md");

    /** The same table on the sources: catches what javac inlined. */
    @ArchTest
    static void source_imports_follow_the_layers(JavaClasses ignored) throws IOException {
        List<String> wrong = new ArrayList<>();
        Pattern reference = Pattern.compile("\\borg\\.facemask\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]\\w*");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                List<String> allowed = MAY_USE.get(pkg);
                if (allowed == null) {
                    wrong.add(file + ": package " + pkg + " has no layer");
                    continue;
                }
                Matcher m = reference.matcher(code(Files.readString(file, StandardCharsets.UTF_8)));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        wrong.add(file + ": " + pkg + " uses " + used + " (" + m.group() + "), allowed: " + allowed);
                    }
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("a package uses one beside or above it:\n" + String.join("\n", wrong));
        }
    }

    private static ArchRule layers() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String pkg : MAY_USE.keySet()) {
            rule = rule.layer(pkg).definedBy(ROOT + pkg);
        }
        for (Map.Entry<String, List<String>> e : MAY_USE.entrySet()) {
            rule = e.getValue().isEmpty() ? rule.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : rule.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        return rule.because("a package uses only the packages below it (CONTRIBUTING.md, Dependency rules)");
    }

    /** Returns the source without comments, string and character literals, which may name any package. */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = end(source.indexOf('\n', i), source);
            } else if (source.startsWith("/*", i)) {
                i = end(source.indexOf("*/", i + 2), source) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                i = end(source.indexOf("\"\"\"", i + 3), source) + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < source.length() && source.charAt(i) != c) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int end(int index, String source) {
        return index < 0 ? source.length() : index;
    }
}
