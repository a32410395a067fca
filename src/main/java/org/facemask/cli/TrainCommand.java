package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemask.training.ClassBalance;
import org.facemask.training.ModelTrainer;
import org.facemask.training.ProgressBar;
import org.facemask.training.TrainingOptions;
import org.facemask.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask train}: trains ResNet18 and writes a model artifact. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a torchvision-layout ResNet18 (DJL, PyTorch engine, CPU) on DATA/train,",
            "keep the epoch with the best DATA/val accuracy, and write OUT/ with model.json, weights,",
            "metrics.csv, training-curve.png, validation.json/.txt and confusion.png."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "data", description = "Split folder with train/ and val/ (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", required = true, description = "Model folder to write, e.g. models/my-model.")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-size", defaultValue = "128", description = "Square input size in px (default: ${DEFAULT-VALUE}; 224 also works).")
    int imageSize;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.002", description = "Peak learning rate, AdamW (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.05", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pretrained", description = "torchvision ResNet18 state dict as .safetensors to start from.")
    Path pretrained;

    @Option(names = "--freeze-backbone", description = "Train only the final layer (needs --pretrained).")
    boolean freezeBackbone;

    @Option(names = "--no-augment", description = "Disable augmentation.")
    boolean noAugment;

    @Option(names = "--class-balance", defaultValue = "none",
            description = "How often each class is drawn per epoch: none (each image once), sqrt (class share"
                + " ~ square root of its size) or full (equal shares) (default: ${DEFAULT-VALUE}).")
    String classBalance;

    @Option(names = "--weights-dtype", defaultValue = "F16", description = "F16 (default, half size) or F32.")
    String weightsDtype;

    @Override
    public Integer call() throws Exception {
        TrainingOptions options = TrainingOptions.builder()
                .setDataDir(data).setOutDir(out)
                .optEpochs(epochs).optImageSize(imageSize).optBatchSize(batchSize)
                .optLearningRate(learningRate).optWeightDecay(weightDecay).optSeed(seed)
                .optPretrained(pretrained).optFreezeBackbone(freezeBackbone).optAugment(!noAugment)
                .optWeightsDtype(weightsDtype).optClassBalance(ClassBalance.parse(classBalance))
                .build();
        ModelTrainer trainer = new ModelTrainer(options, List.of(new ProgressBar(System.err, epochs)));
        TrainingResult result = trainer.train();
        var report = result.evaluation().report();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "saved %s (best epoch %d of %d) in %.0f s%nvalidation of the saved model:%n%s",
                result.artifact(), result.bestEpoch(), epochs, result.seconds(), report.toText());
        return 0;
    }
}
