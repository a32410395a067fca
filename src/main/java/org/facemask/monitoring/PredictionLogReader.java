package org.facemask.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facemask.detection.PeopleCount;

/**
 * The query side of the prediction log: counts, class shares over time, drift windows and the
 * records of one request.
 *
 * <p>{@link #openReadOnly} is for processes that only read a log the service writes, such as the
 * {@code facemask drift} job: it runs no migration, starts no writer and opens read-only
 * connections, so it can neither change the shared log nor create an empty one by mistake. The
 * service's own statistics use {@link PredictionLogWriter#reader()}, on the writer's pool.
 */
public final class PredictionLogReader implements AutoCloseable {

    /** The route whose records share one request id, one per file. */
    public static final String BATCH_ENDPOINT = "/v1/predict/batch";
    /** The {@code face} column's value for feedback on the whole image. */
    static final int WHOLE_IMAGE = -1;
    /** The log's columns as {@link #toRecord} reads them. */
    private static final String RECORD_COLUMNS = "ts_millis, request_id, endpoint, model_name, model_version, label,"
            + " confidence, probabilities, latency_ms, width, height, format, bytes, brightness, contrast, saturation,"
            + " sharpness, faces, people_masked, people_unmasked, people_incorrect, face_boxes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LogDatabase database;
    // False for a writer's reader: the pool is the writer's to close.
    private final boolean ownsDatabase;

    PredictionLogReader(LogDatabase database, boolean ownsDatabase) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
    }

    /**
     * Opens an existing log for reading only: no migration, no writer thread, read-only
     * connections (a SQLite file is opened in read-only mode and never created).
     *
     * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB?user=..&password=..}
     * @return the open reader
     * @throws IllegalArgumentException if the URL names an unsupported database
     * @throws PredictionLogException if the database cannot be reached, or holds no prediction log
     *     (a missing SQLite file, no {@code predictions} table); queries throw it too when the
     *     database fails later
     */
    public static PredictionLogReader openReadOnly(String jdbcUrl) {
        LogDatabase database = LogDatabase.open(jdbcUrl, LogDatabase.Access.READ_ONLY);
        try {
            requirePredictionsTable(database, jdbcUrl);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new PredictionLogReader(database, true);
    }

    /**
     * A database the service never wrote to (an empty PostgreSQL database, an empty SQLite file)
     * would otherwise fail on the first query with a bare "no such table".
     */
    private static void requirePredictionsTable(LogDatabase database, String jdbcUrl) {
        try (Connection connection = database.connection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "predictions", new String[] {"TABLE"})) {
            if (!tables.next()) {
                throw LogDatabase.missing(jdbcUrl, null);
            }
        } catch (SQLException e) {
            throw new PredictionLogException("cannot read the prediction log at " + database.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Returns the database URL without credentials. */
    public String describe() {
        return database.describe();
    }

    /**
     * Returns how many predictions the log holds.
     *
     * @return the number of records
     */
    public long count() {
        return query("SELECT COUNT(*) FROM predictions", List.of(), rs -> rs.getLong(1)).get(0);
    }

    /**
     * Counts predictions per class per time bucket.
     *
     * @param from start, inclusive
     * @param to end, exclusive
     * @param bucket bucket length, e.g. one hour
     * @return buckets that hold predictions, oldest first
     */
    public List<ClassShareBucket> classShare(Instant from, Instant to, Duration bucket) {
        long width = bucket.toMillis();
        if (width <= 0) {
            throw new IllegalArgumentException("bucket must be positive");
        }
        // People columns are NULL where no face detection ran; SUM skips them, so the people sums
        // (compliance = properly masked / people) cover only the uploads that counted people.
        record Row(long start, String label, long count, double confidenceSum, long masked, long people) {}
        List<Row> rows = query("SELECT (ts_millis / ?) * ?, label, COUNT(*), SUM(confidence), SUM(people_masked),"
                        + " SUM(people_masked + people_unmasked + people_incorrect) FROM predictions"
                        + " WHERE ts_millis >= ? AND ts_millis < ? GROUP BY 1, 2 ORDER BY 1, 2",
                List.of(width, width, from.toEpochMilli(), to.toEpochMilli()),
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5),
                        rs.getLong(6)));
        Map<Long, Map<String, Long>> counts = new TreeMap<>();
        Map<Long, Double> confidence = new TreeMap<>();
        Map<Long, long[]> people = new TreeMap<>();
        for (Row row : rows) {
            counts.computeIfAbsent(row.start(), k -> new LinkedHashMap<>()).put(row.label(), row.count());
            confidence.merge(row.start(), row.confidenceSum(), Double::sum);
            long[] sums = people.computeIfAbsent(row.start(), k -> new long[2]);
            sums[0] += row.masked();
            sums[1] += row.people();
        }
        List<ClassShareBucket> buckets = new ArrayList<>();
        counts.forEach((start, byClass) -> {
            long total = byClass.values().stream().mapToLong(Long::longValue).sum();
            long[] sums = people.get(start);
            buckets.add(new ClassShareBucket(Instant.ofEpochMilli(start), byClass, confidence.get(start) / total,
                    sums[0], sums[1]));
        });
        return buckets;
    }

    /**
     * Reads the most recent predictions of a window as drift samples.
     *
     * @param from start, inclusive
     * @param to end, exclusive
     * @param limit the most records to read (the newest are kept)
     * @return the window's features
     */
    public FeatureSamples window(Instant from, Instant to, int limit) {
        Observations observations = new Observations();
        query("SELECT width, height, format, bytes, brightness, contrast, saturation, sharpness, label, confidence"
                        + " FROM predictions WHERE ts_millis >= ? AND ts_millis < ? ORDER BY ts_millis DESC LIMIT ?",
                List.of(from.toEpochMilli(), to.toEpochMilli(), (long) limit),
                rs -> {
                    observations.add(new ImageFeatures(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)),
                            rs.getString(9), rs.getDouble(10));
                    return null;
                });
        return observations.toSamples();
    }

    /**
     * Reads the records of one request (tests, audits).
     *
     * @param requestId the request id
     * @return its records with time, label, confidence and probabilities
     */
    public List<PredictionRecord> byRequest(String requestId) {
        return query("SELECT " + RECORD_COLUMNS + " FROM predictions WHERE request_id = ? ORDER BY ts_millis",
                List.of(requestId), PredictionLogReader::toRecord);
    }

    /**
     * Reads the newest single-image predictions (batch files share their request's id, so no label
     * could name one of them).
     *
     * @param limit the most records to read
     * @return the records, newest first
     */
    public List<PredictionRecord> recentSingleImages(int limit) {
        return query("SELECT " + RECORD_COLUMNS + " FROM predictions WHERE endpoint <> ?"
                        + " ORDER BY ts_millis DESC LIMIT ?",
                List.of(BATCH_ENDPOINT, (long) limit), PredictionLogReader::toRecord);
    }

    /**
     * Reads the feedback given in a window, oldest first.
     *
     * @param from start, inclusive
     * @param to end, exclusive
     * @param limit the most records to read (the oldest are kept)
     * @return the labels
     * @throws PredictionLogException if the log cannot be read, or predates feedback (no table)
     */
    public List<Feedback> feedback(Instant from, Instant to, int limit) {
        return query("SELECT request_id, face, label, ts_millis FROM feedback WHERE ts_millis >= ? AND ts_millis < ?"
                        + " ORDER BY ts_millis, request_id, face LIMIT ?",
                List.of(from.toEpochMilli(), to.toEpochMilli(), (long) limit),
                rs -> new Feedback(rs.getString(1), rs.getInt(2) == WHOLE_IMAGE ? null : rs.getInt(2),
                        rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
    }

    /**
     * Closes the connections of a reader from {@link #openReadOnly}; a writer's reader leaves the
     * writer's pool open.
     */
    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    /** Returns the pool this reader queries (tests check what its connections may do). */
    LogDatabase database() {
        return database;
    }

    private static PredictionRecord toRecord(ResultSet rs) throws SQLException {
        Map<String, Float> probabilities;
        List<LoggedFace> faces;
        try {
            probabilities = JSON.readValue(rs.getString(8), new TypeReference<LinkedHashMap<String, Float>>() {});
            String boxes = rs.getString(22);
            faces = boxes == null ? null : List.copyOf(JSON.readValue(boxes, new TypeReference<List<LoggedFace>>() {}));
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt probabilities or face_boxes column", e);
        }
        return new PredictionRecord(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getDouble(7), probabilities, rs.getDouble(9),
                new ImageFeatures(rs.getInt(10), rs.getInt(11), rs.getString(12), rs.getLong(13), rs.getDouble(14),
                        rs.getDouble(15), rs.getDouble(16), rs.getDouble(17)),
                rs.getObject(18) == null ? null
                        : new PeopleCount(rs.getInt(18), rs.getInt(19), rs.getInt(20), rs.getInt(21)),
                faces);
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PredictionLogException("prediction log query failed on " + describe() + ": " + e.getMessage(), e);
        }
    }
}
