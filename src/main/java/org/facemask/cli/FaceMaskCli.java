package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import org.facemask.config.SystemProperty;
import org.facemask.model.ModelArtifactException;
import org.facemask.monitoring.PredictionLogException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code facemask} root command. */
@Command(name = "facemask", mixinStandardHelpOptions = true, version = "facemask 0.1.0",
        description = "Face mask classification: dataset tooling, training, evaluation and prediction.",
        subcommands = {SplitCommand.class, EdaCommand.class, TrainCommand.class, EvaluateCommand.class,
            PredictCommand.class, CropsCommand.class, ExportOnnxCommand.class, ServeCommand.class,
            ProfileCommand.class, DriftCommand.class, EvaluateScenesCommand.class, EvaluateVideoCommand.class,
            BenchTrainCommand.class, BenchInferCommand.class, VideoCommand.class, FeedbackCommand.class,
            RetrainCommand.class, PromoteCommand.class, ScoreCommand.class, ScoreMergeCommand.class,
            QuantizeCommand.class, RobustnessCommand.class,
            CommandLine.HelpCommand.class})
public final class FaceMaskCli {

    /** Exit code for bad input (missing files, invalid flags, unreadable model). */
    public static final int EXIT_USAGE = 2;

    /** Folder name of the model that ships with the project, under {@code models/}. */
    public static final String BUNDLED_MODEL = "facemask-resnet18";

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting (for tests).
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FaceMaskCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Expected failures get one clear line; anything else keeps its stack trace.
            if (e instanceof ModelArtifactException || e instanceof PredictionLogException
                    || e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (NoClassDefFoundError e) {
            // The edge image ships the ONNX Runtime serving path only: no DJL, libtorch, JavaCV or JFreeChart.
            cli.getErr().println("error: this build lacks " + e.getMessage().replace('/', '.')
                    + ", which this command needs (the edge image serves on ONNX Runtime alone; use the full image)");
            code = EXIT_USAGE;
        }
        // print() does not auto-flush; without this, output still buffered is lost at System.exit.
        cli.getOut().flush();
        cli.getErr().flush();
        return code;
    }

    /** Returns the bundled model folder: {@code $FACEMASK_HOME/models/facemask-resnet18}. */
    static Path bundledModel() {
        return home().resolve("models").resolve(BUNDLED_MODEL);
    }

    /** The default face detectors: YuNet-n (Apache-2.0, small faces) and AIZOO FaceMaskDetection (MIT, large ones). */
    static List<Path> bundledDetectors() {
        return List.of(home().resolve("models/detectors/yunet/yunet-n-decoded.onnx"),
                home().resolve("models/detectors/aizoo-facemask/aizoo-facemask-360.onnx"));
    }

    /** The face check that ships with the project: confirms the detectors' low-score candidates. */
    static Path bundledFaceCheck() {
        return home().resolve("models/face-check-resnet18");
    }

    /** The default folder for what the service writes (the prediction log): {@code var/} in the home. */
    static Path defaultDataDir() {
        return home().resolve("var");
    }

    private static Path home() {
        String home = SystemProperty.HOME.value();
        return Path.of(home != null ? home : System.getenv().getOrDefault("FACEMASK_HOME", "."));
    }
}
