package org.facemask.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.facemask.monitoring.PredictionLogWriter;
import picocli.CommandLine.Option;

/** Where the prediction log lives, shared by {@code serve} (writes it) and {@code drift} (reads it). */
final class PredictionLogOption {

    @Option(names = {"--prediction-log", "--db"}, defaultValue = "${env:FACEMASK_PREDICTION_LOG:-sqlite}",
            description = {"Prediction log [FACEMASK_PREDICTION_LOG]: 'sqlite' (default: predictions.db in",
                "--data-dir), a JDBC URL (jdbc:postgresql://host:5432/db?user=..&password=..), or 'off'."})
    String predictionLog;

    @Option(names = "--data-dir", defaultValue = "${env:FACEMASK_DATA_DIR}",
            description = "Folder of the SQLite prediction log [FACEMASK_DATA_DIR] (default: var/ in the install).")
    Path dataDir;

    /** Returns the JDBC URL, or null when the log is off. */
    String url() {
        return switch (predictionLog.trim().toLowerCase(Locale.ROOT)) {
            case "off", "none", "false" -> null;
            case "sqlite", "" -> PredictionLogWriter.sqliteUrl(
                    dataDir != null ? dataDir : FaceMaskCli.defaultDataDir());
            default -> predictionLog.trim();
        };
    }
}
