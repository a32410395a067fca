package org.facemask.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facemask.monitoring.FeedbackExport;
import org.facemask.monitoring.PredictionLogReader;
import org.facemask.monitoring.RetainedImages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facemask feedback}: what people said about the service's predictions. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "Work with the labels given to predictions (POST /v1/feedback, /review.html).",
        subcommands = {FeedbackCommand.Export.class, CommandLine.HelpCommand.class})
final class FeedbackCommand {

    /** {@code facemask feedback export}: the labels and retained uploads as a class-folder dataset. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the labelled, retained uploads as class folders (mask/, no_mask/, mask_incorrect/)",
                "with a manifest.csv: whole images from whole-image feedback, or with --faces the labelled",
                "faces cut out as the service cuts them. Re-running updates the folder in place."})
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--db", required = true, paramLabel = "SQLITE-FILE|JDBC-URL",
                description = "The prediction log: a SQLite file (predictions.db) or a JDBC URL.")
        String db;

        @Option(names = "--images", required = true, paramLabel = "DIR",
                description = "The service's --retain-images folder.")
        Path images;

        @Option(names = "--dest", required = true, paramLabel = "DATASET", description = "Dataset folder to write.")
        Path dest;

        @Option(names = "--faces", description = "Export face crops from per-face feedback instead of whole images.")
        boolean faces;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(images)) {
                throw new IllegalArgumentException("--images: no folder " + images);
            }
            String url = db.startsWith("jdbc:") ? db : "jdbc:sqlite:" + Path.of(db).toAbsolutePath();
            FeedbackExport.Summary summary;
            try (PredictionLogReader log = PredictionLogReader.openReadOnly(url)) {
                summary = new FeedbackExport().export(log, new RetainedImages(images), dest, faces);
            }
            spec.commandLine().getOut().println("exported " + summary.describe() + " to " + dest);
            return 0;
        }
    }
}
