package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.facemask.detection.PeopleCount;
import org.junit.jupiter.api.Test;

/** What every prediction-log database must do; one subclass per database. */
abstract class PredictionLogContract {

    /** Returns the URL of a database no other test uses. */
    abstract String freshUrl() throws Exception;

    static PredictionRecord record(Instant time, String requestId, String label, double confidence,
            double brightness) {
        double other = 1 - confidence;
        Map<String, Float> probabilities = label.equals("mask")
                ? Map.of("mask", (float) confidence, "no_mask", (float) other)
                : Map.of("mask", (float) other, "no_mask", (float) confidence);
        return new PredictionRecord(time, requestId, "/predict", "test-model", "2026-11-26T00:00:00Z", label,
                confidence, probabilities, 12.5, new ImageFeatures(200, 240, "jpeg", 9_000, brightness, 0.2, 0.3, 150));
    }

    @Test
    void committed_records_are_read_back_after_reopening() throws Exception {
        String url = freshUrl();
        String requestId = UUID.randomUUID().toString();
        Instant time = Instant.parse("2026-11-26T10:15:30.123Z");
        try (PredictionLogWriter log = PredictionLogWriter.open(url)) {
            log.append(record(time, requestId, "no_mask", 0.8, 0.42)).get(10, TimeUnit.SECONDS);
        }
        try (PredictionLogReader log = PredictionLogReader.openReadOnly(url)) {
            List<PredictionRecord> read = log.byRequest(requestId);
            assertEquals(1, read.size());
            PredictionRecord r = read.get(0);
            assertEquals(time, r.time());
            assertEquals("no_mask", r.label());
            assertEquals(0.8f, r.probabilities().get("no_mask"), 1e-6);
            assertEquals(0.42, r.image().brightness(), 1e-12);
            assertEquals("jpeg", r.image().format());
            assertEquals(1, log.count());
        }
    }

    @Test
    void many_concurrent_appends_are_all_committed() throws Exception {
        try (PredictionLogWriter log = PredictionLogWriter.open(freshUrl())) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < 500; i++) {
                futures.add(log.append(record(now, "r" + i, i % 3 == 0 ? "no_mask" : "mask", 0.9, 0.5)));
            }
            for (CompletableFuture<Void> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(500, log.reader().count());
        }
    }

    @Test
    void class_share_counts_per_bucket_with_mean_confidence() throws Exception {
        Instant hour = Instant.parse("2026-11-26T10:00:00Z");
        try (PredictionLogWriter log = PredictionLogWriter.open(freshUrl())) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            futures.add(log.append(record(hour.plusSeconds(10), "a", "mask", 0.9, 0.5)));
            futures.add(log.append(record(hour.plusSeconds(20), "b", "mask", 0.7, 0.5)));
            futures.add(log.append(record(hour.plusSeconds(30), "c", "no_mask", 0.8, 0.5)));
            futures.add(log.append(record(hour.plusSeconds(3600 + 5), "d", "no_mask", 0.6, 0.5)));
            futures.add(log.append(record(hour.plusSeconds(7200 + 5), "e", "mask", 0.6, 0.5)));
            for (CompletableFuture<Void> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
            List<ClassShareBucket> buckets = log.reader().classShare(hour, hour.plusSeconds(7200),
                    Duration.ofHours(1));
            assertEquals(2, buckets.size(), "the third hour is outside [from, to)");
            assertEquals(hour, buckets.get(0).start());
            assertEquals(Map.of("mask", 2L, "no_mask", 1L), buckets.get(0).counts());
            assertEquals((0.9 + 0.7 + 0.8) / 3, buckets.get(0).meanConfidence(), 1e-9);
            assertEquals(Map.of("no_mask", 1L), buckets.get(1).counts());
            assertEquals(hour.plusSeconds(3600), buckets.get(1).start());
        }
    }

    @Test
    void people_counted_by_face_detection_are_kept_and_give_compliance_per_bucket() throws Exception {
        Instant hour = Instant.parse("2026-11-26T10:00:00Z");
        String url = freshUrl();
        try (PredictionLogWriter log = PredictionLogWriter.open(url)) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            // A scene of 5 (3 masked, 1 unmasked, 1 incorrect), a face crop of 1 masked person,
            // and a /predict upload without detection: compliance 4 of 6, not of 7.
            futures.add(log.append(withPeople(record(hour.plusSeconds(10), "scene", "mask", 0.9, 0.5),
                    new PeopleCount(5, 3, 1, 1))));
            futures.add(log.append(withPeople(record(hour.plusSeconds(20), "crop", "mask", 0.9, 0.5),
                    new PeopleCount(0, 1, 0, 0))));
            futures.add(log.append(record(hour.plusSeconds(30), "whole", "no_mask", 0.9, 0.5)));
            futures.add(log.append(record(hour.plusSeconds(3600 + 5), "later", "no_mask", 0.6, 0.5)));
            for (CompletableFuture<Void> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        try (PredictionLogReader log = PredictionLogReader.openReadOnly(url)) {
            assertEquals(new PeopleCount(5, 3, 1, 1), log.byRequest("scene").get(0).people());
            assertEquals(null, log.byRequest("whole").get(0).people());
            List<ClassShareBucket> buckets = log.classShare(hour, hour.plusSeconds(7200), Duration.ofHours(1));
            assertEquals(6, buckets.get(0).people());
            assertEquals(4 / 6.0, buckets.get(0).compliance(), 1e-9);
            assertEquals(0, buckets.get(1).people());
            assertTrue(Double.isNaN(buckets.get(1).compliance()), "no detection ran in the second hour");
        }
    }

    @Test
    void feedback_is_stored_a_repeat_replaces_it_and_faces_are_read_back() throws Exception {
        String url = freshUrl();
        Instant time = Instant.parse("2026-11-26T10:00:00Z");
        List<LoggedFace> faces = List.of(new LoggedFace(10.5, 20, 60, 90.25, "mask", 0.75),
                new LoggedFace(100, 20, 150, 80, "no_mask", 0.5));
        PredictionRecord r = record(time, "fb-1", "mask", 0.9, 0.4);
        try (PredictionLogWriter log = PredictionLogWriter.open(url)) {
            log.append(new PredictionRecord(r.time(), r.requestId(), "/v1/predict", r.modelName(), r.modelVersion(),
                    r.label(), r.confidence(), r.probabilities(), r.latencyMillis(), r.image(),
                    new PeopleCount(2, 1, 1, 0), faces)).get(10, TimeUnit.SECONDS);
            log.putFeedback(new Feedback("fb-1", 1, "mask", time.plusSeconds(1)));
            log.putFeedback(new Feedback("fb-1", 1, "no_mask", time.plusSeconds(2)));
            log.putFeedback(new Feedback("fb-1", null, "mask_incorrect", time.plusSeconds(3)));
        }
        try (PredictionLogReader log = PredictionLogReader.openReadOnly(url)) {
            assertEquals(faces, log.byRequest("fb-1").get(0).faces());
            assertEquals(List.of(new Feedback("fb-1", 1, "no_mask", time.plusSeconds(2)),
                    new Feedback("fb-1", null, "mask_incorrect", time.plusSeconds(3))),
                    log.feedback(time, time.plusSeconds(10), 100));
            assertEquals(List.of(), log.feedback(time.plusSeconds(4), time.plusSeconds(10), 100));
            assertEquals(1, log.feedback(time, time.plusSeconds(10), 1).size());
        }
    }

    private static PredictionRecord withPeople(PredictionRecord r, PeopleCount people) {
        return new PredictionRecord(r.time(), r.requestId(), "/v1/predict", r.modelName(), r.modelVersion(),
                r.label(), r.confidence(), r.probabilities(), r.latencyMillis(), r.image(), people);
    }

    @Test
    void a_window_becomes_drift_samples_of_the_newest_records() throws Exception {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        try (PredictionLogWriter log = PredictionLogWriter.open(freshUrl())) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(log.append(record(start.plusSeconds(i), "w" + i, "mask", 0.9, i / 100.0)));
            }
            for (CompletableFuture<Void> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
            FeatureSamples window = log.reader().window(start, start.plusSeconds(60), 5);
            double[] brightness = window.numeric().get("brightness");
            assertEquals(5, brightness.length);
            assertTrue(java.util.Arrays.stream(brightness).allMatch(b -> b >= 0.15), "not the newest five");
            assertEquals(Map.of("mask", 5L), window.categorical().get("label"));
            assertEquals(Map.of("jpeg", 5L), window.categorical().get("format"));
        }
    }

    @Test
    void a_reader_sees_what_a_writer_commits_while_both_are_open() throws Exception {
        String url = freshUrl();
        try (PredictionLogWriter writer = PredictionLogWriter.open(url);
             PredictionLogReader reader = PredictionLogReader.openReadOnly(url)) {
            assertEquals(0, reader.count());
            writer.append(record(Instant.now(), "seen", "mask", 0.9, 0.5)).get(10, TimeUnit.SECONDS);
            assertEquals(1, reader.byRequest("seen").size());
        }
    }

    @Test
    void a_read_only_reader_cannot_change_the_log() throws Exception {
        String url = freshUrl();
        try (PredictionLogWriter writer = PredictionLogWriter.open(url)) {
            writer.append(record(Instant.now(), "kept", "mask", 0.9, 0.5)).get(10, TimeUnit.SECONDS);
        }
        try (PredictionLogReader reader = PredictionLogReader.openReadOnly(url);
             Connection connection = reader.database().connection();
             Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeUpdate("DELETE FROM predictions"));
            assertEquals(1, reader.count());
        }
    }

    @Test
    void a_reader_refuses_a_database_the_service_never_logged_to() throws Exception {
        PredictionLogException e = assertThrows(PredictionLogException.class,
                () -> PredictionLogReader.openReadOnly(freshUrl()));
        assertTrue(e.getMessage().startsWith("no prediction log at ")
                && e.getMessage().endsWith("has the service logged anything yet?"), e.getMessage());
    }

    @Test
    void closing_a_writers_reader_leaves_the_writer_open() throws Exception {
        try (PredictionLogWriter writer = PredictionLogWriter.open(freshUrl())) {
            writer.reader().close();
            writer.append(record(Instant.now(), "after", "mask", 0.9, 0.5)).get(10, TimeUnit.SECONDS);
            assertEquals(1, writer.reader().count());
        }
    }

    @Test
    void a_closed_log_refuses_records_instead_of_dropping_them() throws Exception {
        PredictionLogWriter log = PredictionLogWriter.open(freshUrl());
        log.close();
        CompletableFuture<Void> refused = log.append(record(Instant.now(), "late", "mask", 0.9, 0.5));
        assertThrows(Exception.class, () -> refused.get(5, TimeUnit.SECONDS));
    }
}
