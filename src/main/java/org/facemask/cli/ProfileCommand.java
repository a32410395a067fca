package org.facemask.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facemask.dataset.ClassFolders;
import org.facemask.model.MaskClassifier;
import org.facemask.monitoring.FeatureSamples;
import org.facemask.monitoring.ReferenceProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask profile}: writes a model's drift reference from a dataset (training does it on its own). */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Measure a dataset as the service measures uploads (image features and the model's",
            "predictions) and store it in the model as reference.json, the default reference of 'drift'.",
            "Training does this on the validation split; use it for models trained before that."})
final class ProfileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Class folders to profile, e.g. data/val.")
    Path data;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() throws Exception {
        ClassFolders dataset = ClassFolders.scan(data);
        try (MaskClassifier classifier = model.load()) {
            FeatureSamples samples = ReferenceProfile.compute(classifier, dataset.images());
            ReferenceProfile.write(model.resolve(), samples, data.toString());
            spec.commandLine().getOut().printf("profiled %d images of %s into %s%n", samples.size(), data,
                    model.resolve().resolve(ReferenceProfile.FILE));
        }
        return 0;
    }
}
