package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facemask.dataset.ClassFolders;
import org.facemask.model.MaskClassifier;
import org.facemask.report.RobustnessReport;
import org.facemask.robustness.Robustness;
import org.facemask.robustness.RobustnessOptions;
import org.facemask.robustness.RobustnessResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code facemask robustness}: accuracy under camera conditions and by group of faces. */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = {"Measure a model on class folders as they are and under camera conditions (JPEG, blur,",
            "noise, brightness, contrast, downscaling, rotation, grayscale) at several strengths; the share of",
            "unmasked faces called mask with a skin- or cloth-coloured patch over the mouth; and accuracy by group",
            "(face size, brightness quartile, colour, source, a skin-tone proxy, --groups), flagging groups that",
            "are credibly more than 2 points below overall. Writes JSON and a self-contained HTML report."})
final class RobustnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "[NAME=]DIR",
            description = {"Folder with one sub-folder per class. Repeat it for several sources; each NAME is a",
                "group of the source dimension."})
    List<String> data;

    @Mixin
    ModelOption model;

    @Mixin
    FlipAverageOption flip;

    @Option(names = "--groups", paramLabel = "FILE.csv",
            description = {"A site's own groups: CSV with the header file,group; file is the path under its",
                "--data folder or the bare file name."})
    Path groups;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the sample and of the random conditions. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--limit", paramLabel = "N",
            description = "Measure at most N faces per class and source, the same ones for the same seed.")
    Integer limit;

    @Option(names = "--json", required = true, paramLabel = "FILE", description = "Write the results as JSON here.")
    Path json;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "Write the HTML report here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        Map<String, ClassFolders> sources = NamedSources.scan(data, spec.commandLine());
        RobustnessOptions options = RobustnessOptions.builder().optSeed(seed).optLimit(limit == null ? 0 : limit)
                .optFileGroups(groups == null ? Map.of() : Robustness.readGroups(groups)).build();
        RobustnessResult result;
        try (MaskClassifier classifier = flip.apply(model.load())) {
            result = Robustness.measure(classifier, sources, options);
        }
        Robustness.writeJson(result, json);
        RobustnessReport.writeHtml(result, out);
        var console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "clean: accuracy %.4f, mask-or-not %.4f, ECE %.4f, n %d%n",
                result.clean().accuracy(), result.clean().maskOrNotAccuracy(), result.clean().ece(),
                result.clean().n());
        for (RobustnessResult.Degraded p : result.perturbations()) {
            console.printf(Locale.ROOT, "%-10s %6s: accuracy %.4f (%+.4f), mask-or-not %.4f, ECE %.4f%n", p.name(),
                    p.level(), p.scores().accuracy(), p.scores().accuracy() - result.clean().accuracy(),
                    p.scores().maskOrNotAccuracy(), p.scores().ece());
        }
        RobustnessResult.Occlusion o = result.occlusion();
        console.printf(Locale.ROOT, "covered mouth, unmasked faces called mask (n %d): as they are %.3f, skin patch"
                + " %.3f, cloth patch %.3f%n", o.n(), o.cleanCalledMask(), o.skin().share(), o.cloth().share());
        console.println(result.flags().isEmpty() ? "no group flagged" : result.flags().size() + " group(s) flagged:");
        result.flags().forEach(g -> console.printf(Locale.ROOT, "  %s=%s: accuracy %.3f (%.3f-%.3f), n %d%n",
                g.dimension(), g.group(), g.accuracy().share(), g.accuracy().ciLow(), g.accuracy().ciHigh(), g.n()));
        if (!result.unreadable().isEmpty()) {
            console.println(result.unreadable().size() + " unreadable file(s), not counted (listed in --json)");
        }
        console.println("wrote " + json + " and " + out);
        return 0;
    }
}
