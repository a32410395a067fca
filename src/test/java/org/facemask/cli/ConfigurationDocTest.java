package org.facemask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemask.config.SystemProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code docs/configuration.md} against {@code facemask serve} as picocli sees it: every option in
 * the table, with its environment variable and its default, and no row for an option that is gone;
 * and against {@link SystemProperty}: every system property with its default, and no other.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    /** The section of the page that holds the options table. */
    private static final String SECTION = "## `facemask serve` options";
    /** The section of the page that holds the system properties table. */
    private static final String PROPERTIES = "## System properties";
    /** {@code ${env:NAME}} or {@code ${env:NAME:-DEFAULT}}, as the options declare their defaults. */
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-(.*))?}");
    /** Any other variable with a default, e.g. picocli's own {@code ${picocli.help.name.1:---help}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^:}]+:-(.*)}");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** One row of the documented table: option names, environment variable cell, default cell. */
    record Row(List<String> names, String env, String defaultCell, String line) {}

    /** What picocli declares for one option. */
    record Declared(String name, List<String> longNames, String env, String defaultValue) {}

    private static List<Declared> declared;
    private static List<Row> rows;
    private static List<Row> propertyRows;

    @BeforeAll
    static void read() throws IOException {
        declared = declaredServeOptions();
        String page = Files.readString(DOC, StandardCharsets.UTF_8);
        rows = documentedRows(page, SECTION, name -> name.startsWith("-"));
        propertyRows = documentedRows(page, PROPERTIES, name -> name.startsWith("facemask."));
    }

    @Test
    void every_system_property_is_documented_with_its_default() {
        Set<String> keys = new TreeSet<>();
        for (SystemProperty property : SystemProperty.values()) {
            keys.add(property.key());
            Row row = propertyRows.stream().filter(r -> r.names().contains(property.key())).findFirst().orElse(null);
            assertTrue(row != null, DOC + " has no row for " + property.key() + " (section '" + PROPERTIES + "')");
            if (property.defaultValue() != null) {
                // This table has no variable column: its second cell is the default.
                List<String> documented = codeSpans(row.env());
                assertEquals(property.defaultValue(), documented.isEmpty() ? null : documented.get(0),
                        "documented default of " + property.key() + " differs from SystemProperty's: " + row.line());
            }
        }
        Set<String> stale = new TreeSet<>();
        propertyRows.forEach(r -> stale.addAll(r.names()));
        stale.removeAll(keys);
        assertTrue(stale.isEmpty(), DOC + " documents system properties the code does not read: " + stale);
    }

    @Test
    void every_serve_option_has_a_row() {
        assertFalse(declared.isEmpty());
        List<String> missing = new ArrayList<>();
        for (Declared option : declared) {
            for (String name : option.longNames()) {
                if (rowFor(name) == null) {
                    missing.add(name);
                }
            }
        }
        assertTrue(missing.isEmpty(), DOC + " has no row for " + missing + " (section '" + SECTION + "')");
    }

    @Test
    void every_row_names_an_option_serve_has() {
        Set<String> known = new TreeSet<>();
        for (Declared option : declared) {
            known.addAll(option.longNames());
        }
        List<String> stale = new ArrayList<>();
        for (Row row : rows) {
            for (String name : row.names()) {
                if (name.startsWith("--") && !known.contains(name)) {
                    stale.add(name);
                }
            }
        }
        assertTrue(stale.isEmpty(), DOC + " documents options serve does not have: " + stale);
    }

    @Test
    void every_environment_variable_is_documented_with_its_option() {
        for (Declared option : declared) {
            Row row = rowFor(option.name());
            if (row == null) {
                continue; // reported by every_serve_option_has_a_row
            }
            if (option.env() != null) {
                assertTrue(codeSpans(row.env()).contains(option.env()),
                        option.name() + " reads " + option.env() + ", but its row says: " + row.line());
            } else {
                assertTrue(codeSpans(row.env()).isEmpty(),
                        option.name() + " reads no environment variable, but its row names one: " + row.line());
            }
        }
    }

    @Test
    void documented_defaults_are_picoclis() {
        for (Declared option : declared) {
            Row row = rowFor(option.name());
            if (row == null) {
                continue;
            }
            List<String> documented = codeSpans(row.defaultCell());
            if (option.defaultValue() != null) {
                assertFalse(documented.isEmpty(), option.name() + " defaults to '" + option.defaultValue()
                        + "'; its row must give it as the first `code` value of the default column: " + row.line());
                assertEquals(option.defaultValue(), documented.get(0),
                        "documented default of " + option.name() + " differs from picocli's; row: " + row.line());
            } else {
                // No literal default in picocli (computed in code, e.g. the bundled model's folder):
                // the page says it in words, so that no literal there can go stale unnoticed.
                assertTrue(documented.isEmpty(), option.name() + " has no literal default in picocli; describe it"
                        + " in words, without a `code` value: " + row.line());
            }
        }
    }

    private static Row rowFor(String name) {
        for (Row row : rows) {
            if (row.names().contains(name)) {
                return row;
            }
        }
        return null;
    }

    /** The options of {@code serve}, with their raw (uninterpolated) default values. */
    private static List<Declared> declaredServeOptions() {
        CommandLine cli = new CommandLine(new FaceMaskCli());
        // Read "${env:NAME:-DEFAULT}" as written, whatever this machine's environment holds.
        cli.setInterpolateVariables(false);
        CommandSpec serve = cli.getSubcommands().get("serve").getCommandSpec();
        List<Declared> options = new ArrayList<>();
        for (OptionSpec option : serve.options()) {
            List<String> longNames = new ArrayList<>();
            String longest = "";
            for (String declaredName : option.names()) {
                // Names stay uninterpolated too: the help options are "${picocli.help.name.1:---help}".
                Matcher variable = VARIABLE.matcher(declaredName);
                String name = variable.matches() ? variable.group(1) : declaredName;
                if (name.startsWith("--")) {
                    longNames.add(name);
                }
                if (name.length() > longest.length()) {
                    longest = name;
                }
            }
            String raw = option.defaultValue();
            String env = null;
            String defaultValue = raw;
            Matcher m = raw == null ? null : ENV_DEFAULT.matcher(raw);
            if (m != null && m.matches()) {
                env = m.group(1);
                defaultValue = m.group(2);
            }
            options.add(new Declared(longest, longNames, env, defaultValue));
        }
        return options;
    }

    /**
     * The table rows of a section: names (the code spans that {@code isName} accepts) in the first
     * column, then the second and third cells.
     */
    private static List<Row> documentedRows(String page, String heading, Predicate<String> isName) {
        int start = page.indexOf(heading);
        assertTrue(start >= 0, DOC + " lacks the section '" + heading + "'");
        int end = page.indexOf("\n## ", start + heading.length());
        String section = page.substring(start, end < 0 ? page.length() : end);
        List<Row> result = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.size() < 3) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String span : codeSpans(cells.get(0))) {
                if (isName.test(span)) {
                    names.add(span);
                }
            }
            if (names.isEmpty()) {
                continue; // header or separator
            }
            for (String name : names) {
                String before = seen.put(name, line);
                assertTrue(before == null, name + " has two rows in " + DOC + ":\n" + before + "\n" + line);
            }
            result.add(new Row(names, cells.get(1), cells.get(2), line));
        }
        return result;
    }

    /** Splits a Markdown table row at its unescaped pipes. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    private static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }
}
