package org.facemask.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.data.ClassFolders;
import org.facemask.data.DatasetSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facemask split}: class folders to a leakage-free train/val split. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split class folders into DEST/train/{mask,no_mask} and DEST/val/{mask,no_mask}.",
            "Stratified per class; exact and near-duplicate images (perceptual hash, mirrored copies too)",
            "stay on one side. Folder aliases such as with_mask, WithoutMask and 'Non Mask' are accepted."})
final class SplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, description = "Folder with one sub-folder per class.")
    Path source;

    @Option(names = "--dest", defaultValue = "data", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path dest;

    @Option(names = "--val-fraction", defaultValue = "0.2", description = "Validation share per class (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Shuffle seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hash-distance", defaultValue = "8",
            description = "Max differing perceptual-hash bits for near-duplicates (default: ${DEFAULT-VALUE}).")
    int hashDistance;

    @Option(names = "--force", description = "Replace existing DEST/train and DEST/val.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        ClassFolders dataset = ClassFolders.scan(source);
        if (!dataset.ignoredFolders().isEmpty()) {
            out.println("ignored folders (no known class): " + dataset.ignoredFolders());
        }
        DatasetSplitter.Plan plan = new DatasetSplitter(valFraction, seed, hashDistance).plan(dataset);
        DatasetSplitter.write(plan, dest, force);
        out.printf(Locale.ROOT, "%d images from %s: %d near-duplicate groups hold %d images in all "
                        + "(%d groups span classes), %d unreadable%n",
                dataset.images().size(), source, plan.duplicateGroups(),
                plan.assignments().size() - plan.groups() + plan.duplicateGroups(), plan.crossClassGroups(),
                plan.unreadable().size());
        plan.unreadable().forEach((file, why) -> out.println("  unreadable: " + why));
        plan.counts().forEach((side, byClass) -> out.printf(Locale.ROOT, "%s: %s -> %s%n",
                side.name().toLowerCase(Locale.ROOT), byClass, dest.resolve(side.name().toLowerCase(Locale.ROOT))));
        return 0;
    }
}
