package org.facemask.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facemask.model.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facemask promote}: a model into a registry, or the registry back to one of its versions. */
@Command(name = "promote",
        description = {"Copy a model into a model registry as its next version and make it current, or (--version)",
            "make an older version current again: a rollback. The model is loaded and run first; a corrupt one,",
            "or one its retrain gate rejected, is refused. 'serve --model-registry' swaps it in by itself."})
final class PromoteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // No standard mixin: its -V/--version would take the name this command's --version needs.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "The model registry folder.")
    Path registry;

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "A model folder to promote.")
    Path model;

    @Option(names = "--version", paramLabel = "V", description = "A version already in the registry"
            + " to make current (rollback), instead of MODEL.")
    String version;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (version == null)) {
            throw new ParameterException(spec.commandLine(), "give a MODEL to promote or a --version to roll back to");
        }
        ModelRegistry models = new ModelRegistry(registry);
        if (version != null) {
            models.pointTo(version);
            spec.commandLine().getOut().printf("%s: version %s is current%n", registry, version);
        } else {
            String promoted = models.promote(model);
            spec.commandLine().getOut().printf("%s: promoted %s as version %s, now current%n", registry, model,
                    promoted);
        }
        return 0;
    }
}
