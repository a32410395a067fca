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
    // Written with the first row: the per-source columns are known only then.
    private boolean headerWritten;

    /**
     * Starts the file afresh; the header (fixed columns, then accuracy and mask-or-not accuracy
     * per validation source) comes with the first row.
     *
     * @param file the CSV file, replaced if present
     * @throws IOException if it cannot be written
     */
    MetricsCsv(Path file) throws IOException {
        this.file = file;
        Files.deleteIfExists(file);
    }

    @Override
    public void onEpoch(EpochStats s, boolean best) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.1f,%.2f",
                s.epoch(), s.learningRate(), s.trainLoss(), s.trainAccuracy(), s.valLoss(), s.valAccuracy(),
                s.seconds(), s.imagesPerSecond()));
        StringBuilder header = new StringBuilder(HEADER.strip());
        for (SourceScore source : s.sources()) {
            header.append(",val_acc_").append(source.source()).append(",val_mask_or_not_").append(source.source());
            row.append(String.format(Locale.ROOT, ",%.6f,%.6f", source.accuracy(), source.maskOrNot()));
        }
        row.append('\n');
        if (!headerWritten) {
            row.insert(0, header.append('\n'));
            headerWritten = true;
        }
        try {
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
