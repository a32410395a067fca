package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The default log: a real SQLite file. */
class SqlitePredictionLogTest extends PredictionLogContract {

    @TempDir
    Path dir;

    private int databases;

    @Override
    String freshUrl() {
        return PredictionLogWriter.sqliteUrl(dir.resolve("db" + databases++));
    }

    @Test
    void the_default_url_names_a_file_in_the_folder_and_creates_the_folder() {
        String url = PredictionLogWriter.sqliteUrl(dir.resolve("nested/var"));
        assertTrue(url.endsWith("nested/var/predictions.db"), url);
        assertTrue(Files.isDirectory(dir.resolve("nested/var")));
    }

    @Test
    void an_unsupported_database_url_is_refused_with_the_password_hidden() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionLogWriter.open("jdbc:mysql://db/x?user=a&password=secret"));
        assertTrue(e.getMessage().contains("password=***") && !e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void an_unsupported_database_url_is_refused_by_a_reader_too() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionLogReader.openReadOnly("jdbc:mysql://db/x?user=a&password=secret"));
        assertTrue(e.getMessage().contains("password=***") && !e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void a_corrupt_database_file_fails_at_open_with_a_clear_message() throws Exception {
        Path folder = dir.resolve("corrupt");
        Files.createDirectories(folder);
        Files.write(folder.resolve("predictions.db"),
                "this is not a database file at all, just text".repeat(200).getBytes(StandardCharsets.UTF_8));
        String url = PredictionLogWriter.sqliteUrl(folder);
        for (Executable open : List.<Executable>of(() -> PredictionLogWriter.open(url),
                () -> PredictionLogReader.openReadOnly(url))) {
            PredictionLogException e = assertThrows(PredictionLogException.class, open);
            assertTrue(e.getMessage().contains("prediction log"), e.getMessage());
        }
    }

    @Test
    void a_reader_on_a_missing_file_fails_without_creating_it() {
        Path file = dir.resolve("never-served/predictions.db");
        PredictionLogException e = assertThrows(PredictionLogException.class,
                () -> PredictionLogReader.openReadOnly("jdbc:sqlite:" + file));
        assertTrue(e.getMessage().contains("no prediction log at jdbc:sqlite:" + file), e.getMessage());
        assertFalse(Files.exists(file.getParent()), "the reader created the folder");
    }

    @Test
    void a_reader_on_an_empty_file_says_there_is_no_log_and_leaves_the_file_as_it_was() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        PredictionLogException e = assertThrows(PredictionLogException.class,
                () -> PredictionLogReader.openReadOnly("jdbc:sqlite:" + file));
        assertTrue(e.getMessage().contains("has the service logged anything yet?"), e.getMessage());
        assertEquals(0, Files.size(file));
    }
}
