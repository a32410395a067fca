package org.facemask.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemask.dataset.ClassFolders;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The repeatable {@code --data [NAME=]DIR} of the commands that measure a model on several sources. */
final class NamedSources {

    private NamedSources() {}

    /**
     * Scans each {@code [NAME=]DIR} as class folders; the name defaults to the folder as given.
     *
     * @param specs the option's values, in order
     * @param commandLine the command, for the error about a repeated name
     * @return name → class folders, in order
     * @throws IOException if a folder is missing or holds no class folder
     * @throws ParameterException if two sources share a name
     */
    static Map<String, ClassFolders> scan(List<String> specs, CommandLine commandLine) throws IOException {
        Map<String, ClassFolders> sources = new LinkedHashMap<>();
        for (String d : specs) {
            int eq = d.indexOf('=');
            Path dir = Path.of(eq >= 0 ? d.substring(eq + 1) : d);
            String name = eq >= 0 ? d.substring(0, eq) : dir.toString();
            if (sources.put(name, ClassFolders.scan(dir)) != null) {
                throw new ParameterException(commandLine, "two --data sources are named " + name);
            }
        }
        return sources;
    }
}
