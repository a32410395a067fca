package org.facemask.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Appends one CSV row per epoch, flushed immediately so a crash keeps the history. */
final class MetricsCsv implements TrainingListener {

    static final String HEADER = "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_second\n";

    private final Path file;

    /**
     * Creates the file with its header.
     *
     * @param file the CSV file, replaced if present
     * @throws IOException if it cannot be written
     */
    MetricsCsv(Path file) throws IOException {
        this.file = file;
        Files.writeString(file, HEADER, StandardCharsets.UTF_8);
    }

    @Override
    public void onEpoch(EpochStats s, boolean best) {
        String row = String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.1f,%.2f%n", s.epoch(), s.learningRate(),
                s.trainLoss(), s.trainAccuracy(), s.valLoss(), s.valAccuracy(), s.seconds(), s.imagesPerSecond());
        try {
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
