package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default log: a real SQLite file. */
class SqlitePredictionLogTest extends PredictionLogContract {

    @TempDir
    Path dir;

    private int databases;

    @Override
    String freshUrl() {
        return PredictionLog.sqliteUrl(dir.resolve("db" + databases++));
    }

    @Test
    void the_default_url_names_a_file_in_the_folder_and_creates_the_folder() {
        String url = PredictionLog.sqliteUrl(dir.resolve("nested/var"));
        assertTrue(url.endsWith("nested/var/predictions.db"), url);
        assertTrue(Files.isDirectory(dir.resolve("nested/var")));
    }

    @Test
    void an_unsupported_database_url_is_refused_with_the_password_hidden() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionLog.open("jdbc:mysql://db/x?user=a&password=secret"));
        assertTrue(e.getMessage().contains("password=***") && !e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void a_corrupt_database_file_fails_at_open_with_a_clear_message() throws Exception {
        Path folder = dir.resolve("corrupt");
        Files.createDirectories(folder);
        Files.write(folder.resolve("predictions.db"), "this is not a database file at all, just text".repeat(200).getBytes());
        PredictionLogException e = assertThrows(PredictionLogException.class,
                () -> PredictionLog.open(PredictionLog.sqliteUrl(folder)));
        assertTrue(e.getMessage().contains("prediction log"), e.getMessage());
    }
}
