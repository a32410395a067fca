package org.facemask.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facemask.dataset.ClassFolders;
import org.facemask.dataset.DataSource;
import org.facemask.dataset.DatasetSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code facemask split}: class folders of one or more sources to a leakage-free train/val split. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split class folders into DEST/train/{mask,no_mask} and DEST/val/{mask,no_mask}.",
            "Stratified per class; exact and near-duplicate images (perceptual hash, mirrored copies too)",
            "stay on one side. Folder aliases such as with_mask, WithoutMask and 'Non Mask' are accepted.",
            "With several --source, duplicates are found across all of them, each source keeps its share",
            "per class and gets DEST/NAME/{train,val}, and DEST/sources.json lists them for train --sources."})
final class SplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "[NAME=]DIR[:WEIGHT]",
            description = {"Folder with one sub-folder per class; repeat for several sources. NAME names its",
                "split folder (default: the folder's name); WEIGHT goes to sources.json (default 1)."})
    List<String> sources;

    @Option(names = "--dest", defaultValue = "data", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path dest;

    @Option(names = "--val-fraction", defaultValue = "0.2",
            description = "Validation share per class of each source (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Shuffle seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hash-distance", defaultValue = "8",
            description = "Max differing perceptual-hash bits for near-duplicates (default: ${DEFAULT-VALUE}).")
    int hashDistance;

    @Option(names = "--force",
            description = "Replace existing DEST/train and DEST/val (DEST/NAME/... and DEST/sources.json).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        List<DataSource> parsed = new ArrayList<>();
        for (String s : sources) {
            DataSource source;
            try {
                source = DataSource.parse(s);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--source " + s + ": " + e.getMessage());
            }
            if (parsed.stream().anyMatch(p -> p.name().equals(source.name()))) {
                throw new ParameterException(spec.commandLine(),
                        "two --source values are named '" + source.name() + "': name them (NAME=DIR)");
            }
            parsed.add(source);
        }
        boolean several = parsed.size() > 1;
        Map<String, ClassFolders> datasets = new LinkedHashMap<>();
        for (DataSource source : parsed) {
            ClassFolders dataset = source.scanClassFolders();
            if (!dataset.ignoredFolders().isEmpty()) {
                out.println((several ? "source " + source.name() + ": " : "")
                        + "ignored folders (no known class): " + dataset.ignoredFolders());
            }
            datasets.put(source.name(), dataset);
        }
        DatasetSplitter.Plan plan = new DatasetSplitter(valFraction, seed, hashDistance).plan(datasets);
        DatasetSplitter.write(plan, dest, force);
        Path manifest = dest.resolve(DatasetSplitter.MANIFEST);
        if (several) {
            // Written last: its presence says that every split folder it lists is complete.
            DataSource.writeManifest(parsed.stream()
                    .map(s -> new DataSource(s.name(), plan.folder(dest, s.name()), s.weight())).toList(), manifest);
        }
        int files = datasets.values().stream().mapToInt(d -> d.images().size()).sum();
        out.printf(Locale.ROOT, "%d images from %s: %d near-duplicate groups hold %d images in all "
                        + "(%d groups span classes), %d unreadable%n",
                files, several ? parsed.size() + " sources" : parsed.get(0).dir(), plan.duplicateGroups(),
                plan.assignments().size() - plan.groups() + plan.duplicateGroups(), plan.crossClassGroups(),
                plan.unreadable().size());
        if (several) {
            out.printf(Locale.ROOT, "%d near-duplicate groups span sources (kept on one side)%n",
                    plan.crossSourceGroups());
        }
        plan.unreadable().forEach((file, why) -> out.println("  unreadable: " + why));
        for (String name : plan.sources()) {
            plan.counts(name).forEach((side, byClass) -> {
                String part = side.name().toLowerCase(Locale.ROOT);
                out.printf(Locale.ROOT, "%s%s: %s -> %s%n", several ? name + " " : "", part, byClass,
                        plan.folder(dest, name).resolve(part));
            });
        }
        if (several) {
            out.println("sources for train --sources: " + manifest);
        }
        return 0;
    }
}
