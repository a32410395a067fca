package org.facemask.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.dataset.DataSource;
import org.facemask.training.CameraAugmentation;
import org.facemask.training.ClassBalance;
import org.facemask.training.ModelTrainer;
import org.facemask.training.ProgressBar;
import org.facemask.training.TrainingOptions;
import org.facemask.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code facemask train}: trains ResNet18 and writes a model artifact. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a torchvision-layout ResNet18 (DJL, PyTorch engine, CPU) on the train/ folders of",
            "one or more sources, validate on each source's val/ every epoch, keep the epoch whose worst",
            "source is best (mask-or-not accuracy), checkpoint every epoch (--resume continues), and",
            "write OUT/ with model.json, weights, metrics.csv, training-curve.png, validation.json/.txt",
            "(pooled and per source) and confusion.png."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "[NAME=]DIR[:WEIGHT]",
            description = {"A source: split folder with train/ and/or val/ (or validation/); repeat for several.",
                "NAME labels it in reports (default: the folder's name); WEIGHT scales how often its",
                "training images are drawn per epoch (default 1). Default: data."})
    List<String> data;

    @Option(names = "--sources", paramLabel = "FILE",
            description = "JSON manifest instead of --data: {\"sources\": [{\"name\", \"path\", \"weight\"}, ...]}.")
    Path manifest;

    @Option(names = "--out", description = "Model folder to write, e.g. models/my-model.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run in DIR (its checkpoint/ holds the settings;"
                + " give no other option).")
    Path resume;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-size", defaultValue = "128",
            description = "Square input size in px (default: ${DEFAULT-VALUE}; 224 also works).")
    int imageSize;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.002",
            description = "Peak learning rate, AdamW (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.05",
            description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pretrained", description = "torchvision ResNet18 state dict as .safetensors to start from.")
    Path pretrained;

    @Option(names = "--freeze-backbone", description = "Train only the final layer (needs --pretrained).")
    boolean freezeBackbone;

    @Option(names = "--no-augment", description = "Disable augmentation.")
    boolean noAugment;

    @Option(names = "--augment", split = ",", paramLabel = "NAME",
            description = {"Add camera augmentations to the standard ones: occlusion (a hand or cloth over the",
                "mouth of no_mask faces, still no_mask), jpeg, blur. Comma-separated."})
    List<String> cameraAugmentations;

    @Option(names = "--class-balance", defaultValue = "none",
            description = "How often each class is drawn per epoch: none (each image once), sqrt (class share"
                + " ~ square root of its size) or full (equal shares) (default: ${DEFAULT-VALUE}).")
    String classBalance;

    @Option(names = "--distill-from", paramLabel = "MODEL_DIR",
            description = {"Keep the model's mask-or-not answer close to this model's while it learns (e.g. a",
                "two-class model learning a third class): adds --distill-weight x BCE of p(mask) to the loss."})
    Path teacher;

    @Option(names = "--distill-weight", defaultValue = "1",
            description = "Weight of that term (default: ${DEFAULT-VALUE}).")
    float distillWeight;

    @Option(names = "--weights-dtype", defaultValue = "F16", description = "F16 (default, half size) or F32.")
    String weightsDtype;

    @Override
    public Integer call() throws Exception {
        ModelTrainer trainer;
        if (resume != null) {
            var others = spec.commandLine().getParseResult().matchedOptions().stream()
                    .filter(o -> !o.longestName().equals("--resume")).map(o -> o.longestName()).toList();
            if (!others.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--resume takes the run's settings from its checkpoint;"
                        + " drop " + String.join(", ", others));
            }
            trainer = ModelTrainer.resuming(resume, total -> List.of(new ProgressBar(System.err, total)));
        } else {
            if (out == null) {
                throw new ParameterException(spec.commandLine(), "give --out DIR (or --resume DIR)");
            }
            if (manifest != null && data != null) {
                throw new ParameterException(spec.commandLine(), "give sources by --data or by --sources, not both");
            }
            List<DataSource> sources = new ArrayList<>();
            if (manifest != null) {
                sources.addAll(DataSource.readManifest(manifest));
            } else {
                for (String d : data == null ? List.of("data") : data) {
                    try {
                        sources.add(DataSource.parse(d));
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(spec.commandLine(), "--data " + d + ": " + e.getMessage());
                    }
                }
            }
            TrainingOptions options = TrainingOptions.builder()
                    .setSources(sources).setOutDir(out)
                    .optEpochs(epochs).optImageSize(imageSize).optBatchSize(batchSize)
                    .optLearningRate(learningRate).optWeightDecay(weightDecay).optSeed(seed)
                    .optPretrained(pretrained).optFreezeBackbone(freezeBackbone).optAugment(!noAugment)
                    .optCameraAugmentations(CameraAugmentation.parse(
                            cameraAugmentations == null ? List.of() : cameraAugmentations))
                    .optWeightsDtype(weightsDtype).optClassBalance(ClassBalance.parse(classBalance))
                    .optTeacher(teacher, distillWeight)
                    .build();
            trainer = new ModelTrainer(options, List.of(new ProgressBar(System.err, epochs)));
        }
        TrainingResult result = trainer.train();
        var report = result.evaluation().report();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "saved %s (best epoch %d of %d) in %.0f s%nvalidation of the saved model (all sources):%n%s",
                result.artifact(), result.bestEpoch(), trainer.options().epochs(), result.seconds(), report.toText());
        return 0;
    }
}
