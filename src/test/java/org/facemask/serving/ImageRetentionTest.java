package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.facemask.monitoring.RetainedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retained uploads: stored whole under their request id, swept after the retention period, never failing a request. */
class ImageRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final byte[] BYTES = "not really a jpeg".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void an_upload_is_stored_whole_under_its_request_id_and_nothing_else_is_left() throws Exception {
        RetainedImages images = new RetainedImages(tmp.resolve("kept"));
        images.store("req-1", BYTES);
        images.store("req-1", BYTES);
        assertArrayEquals(BYTES, Files.readAllBytes(images.find("req-1").orElseThrow()));
        try (var files = Files.list(images.folder())) {
            assertEquals(1, files.count(), "no partial file left behind");
        }
        assertEquals(Optional.empty(), images.find("other"));
        // Ids that pass the request-id pattern but would leave the folder stay inside it.
        images.store("..", BYTES);
        assertEquals(images.folder().resolve("...upload"), images.find("..").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> images.store("../escape", BYTES));
        assertEquals(Optional.empty(), images.find("a/b"));
    }

    @Test
    void the_sweeper_deletes_uploads_older_than_the_retention_period_at_start_and_later() throws Exception {
        RetainedImages images = new RetainedImages(tmp.resolve("kept"));
        images.store("old", BYTES);
        images.store("young", BYTES);
        Files.writeString(images.folder().resolve("notes.txt"), "the operator's");
        age(images, "old", Duration.ofDays(31));
        age(images, "young", Duration.ofDays(29));
        Files.setLastModifiedTime(images.folder().resolve("notes.txt"), FileTime.from(NOW.minus(Duration.ofDays(99))));
        MovableClock clock = new MovableClock();
        ServingMetrics metrics = new ServingMetrics();
        try (ImageRetention retention = new ImageRetention(images, Duration.ofDays(30), clock, metrics)) {
            assertTrue(images.find("old").isEmpty(), "swept at start");
            assertTrue(images.find("young").isPresent());
            assertEquals(Optional.of(0), retention.sweep());
            clock.now = NOW.plus(Duration.ofDays(2));
            assertEquals(Optional.of(1), retention.sweep());
            assertTrue(images.find("young").isEmpty(), "swept once it is older than 30 days");
            assertTrue(Files.exists(images.folder().resolve("notes.txt")), "only uploads are swept");
        }
    }

    @Test
    void a_failing_disk_is_counted_and_logged_never_thrown() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "in the way");
        ServingMetrics metrics = new ServingMetrics();
        try (ImageRetention retention = new ImageRetention(new RetainedImages(notAFolder.resolve("kept")),
                Duration.ofDays(30), Clock.systemUTC(), metrics)) {
            assertFalse(retention.retain("req-1", BYTES));
            assertFalse(retention.retain("req-2", BYTES));
            assertEquals(2, retention.failures());
            assertTrue(metrics.scrape().contains("facemask_retention_failures_total 2.0"), metrics.scrape());
        }
    }

    private static void age(RetainedImages images, String id, Duration age) throws Exception {
        Files.setLastModifiedTime(images.find(id).orElseThrow(), FileTime.from(NOW.minus(age)));
    }
}
