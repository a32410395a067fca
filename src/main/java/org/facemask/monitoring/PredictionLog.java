package org.facemask.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable prediction log, on SQLite (a file, the default) or PostgreSQL (a JDBC URL), with
 * its schema kept by Flyway migrations.
 *
 * <p>{@link #append} returns a future that completes only once the record is committed, so a
 * service that waits for it before answering never acknowledges a prediction a crash could lose.
 * One writer thread commits everything queued in one transaction (group commit): under load many
 * records share one fsync, which keeps the log from becoming the service's bottleneck.
 */
public final class PredictionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_GROUP = 512;
    /** Records that may wait for the writer before {@link #append} refuses more. */
    private static final int CAPACITY = 10_000;
    /** SQLite's sync level; {@code -Dfacemask.sqlite.synchronous=FULL} adds power-cut safety at a throughput cost. */
    private static final String SQLITE_SYNCHRONOUS = System.getProperty("facemask.sqlite.synchronous", "NORMAL");
    private static final int WRITE_ATTEMPTS = 3;
    private static final String INSERT = "INSERT INTO predictions (prediction_id, ts_millis, request_id, endpoint,"
            + " model_name, model_version, label, confidence, probabilities, latency_ms, width, height, format,"
            + " bytes, brightness, contrast, saturation, sharpness, faces, people_masked, people_unmasked,"
            + " people_incorrect) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private record Pending(PredictionRecord record, CompletableFuture<Void> committed) {}

    private final String url;
    private final HikariDataSource dataSource;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean running = true;

    private PredictionLog(String url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.queue = new ArrayBlockingQueue<>(CAPACITY);
        this.writer = new Thread(this::writeLoop, "prediction-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Returns the JDBC URL of the default SQLite log in a folder, creating the folder.
     *
     * @param folder where {@code predictions.db} lives
     * @return a {@code jdbc:sqlite:} URL
     */
    public static String sqliteUrl(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the prediction log folder " + folder, e);
        }
        return "jdbc:sqlite:" + folder.resolve("predictions.db").toAbsolutePath();
    }

    /**
     * Opens (and creates or migrates) the log.
     *
     * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB?user=..&password=..}
     * @return the open log
     * @throws IllegalArgumentException if the URL names an unsupported database
     * @throws PredictionLogException if the database cannot be reached or migrated (queries throw
     *     it too when the database fails later)
     */
    public static PredictionLog open(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("prediction-log");
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            // WAL lets readers (stats, drift) run beside the writer. synchronous=NORMAL: a commit
            // is in the WAL file before the request is answered, so the service dying (kill -9,
            // OOM) loses nothing; only an OS crash or power cut could lose the last commits.
            // FULL (an fsync per commit) cost 10 % of throughput at 8 clients in bench/serve.sh.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", SQLITE_SYNCHRONOUS);
            config.addDataSourceProperty("busy_timeout", "10000");
            config.setMaximumPoolSize(4);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            config.setMaximumPoolSize(4);
        } else {
            throw new IllegalArgumentException("prediction log URL must start with jdbc:sqlite: or jdbc:postgresql:, got "
                    + redact(jdbcUrl));
        }
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new PredictionLogException("cannot open the prediction log at " + redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new PredictionLogException("cannot migrate the prediction log at " + redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        return new PredictionLog(jdbcUrl, dataSource);
    }

    /** Returns the database URL without credentials. */
    public String describe() {
        return redact(url);
    }

    /**
     * Queues a record for the writer.
     *
     * @param record the prediction
     * @return completes when the record is committed; fails if it could not be written or the log
     *     is full or closed
     */
    public CompletableFuture<Void> append(PredictionRecord record) {
        Pending pending = new Pending(record, new CompletableFuture<>());
        if (!running) {
            pending.committed().completeExceptionally(new IllegalStateException("the prediction log is closed"));
        } else if (!queue.offer(pending)) {
            pending.committed().completeExceptionally(new IllegalStateException(
                    "the prediction log is " + queue.size() + " records behind"));
        }
        return pending.committed();
    }

    /** Returns how many records wait for the writer. */
    public int backlog() {
        return queue.size();
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
        return query("SELECT ts_millis, request_id, endpoint, model_name, model_version, label, confidence,"
                        + " probabilities, latency_ms, width, height, format, bytes, brightness, contrast, saturation,"
                        + " sharpness, faces, people_masked, people_unmasked, people_incorrect FROM predictions"
                        + " WHERE request_id = ? ORDER BY ts_millis",
                List.of(requestId), PredictionLog::toRecord);
    }

    /** Stops taking records, commits everything queued, then closes the database. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dataSource.close();
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                insert(group);
                group.forEach(p -> p.committed().complete(null));
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    LOG.error("could not write {} predictions to {}", group.size(), describe(), e);
                    group.forEach(p -> p.committed().completeExceptionally(e));
                    return;
                }
                // Transient (a busy lock, a reconnecting pool): the callers are still waiting.
                Thread.sleep(50L * attempt);
            }
        }
    }

    private void insert(List<Pending> group) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Pending pending : group) {
                    bind(insert, pending.record());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void bind(PreparedStatement s, PredictionRecord r) throws SQLException {
        ImageFeatures f = r.image();
        s.setString(1, UUID.randomUUID().toString());
        s.setLong(2, r.time().toEpochMilli());
        s.setString(3, r.requestId());
        s.setString(4, r.endpoint());
        s.setString(5, r.modelName());
        s.setString(6, r.modelVersion());
        s.setString(7, r.label());
        s.setDouble(8, r.confidence());
        try {
            s.setString(9, JSON.writeValueAsString(r.probabilities()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise probabilities", e);
        }
        s.setDouble(10, r.latencyMillis());
        s.setInt(11, f.width());
        s.setInt(12, f.height());
        s.setString(13, f.format());
        s.setLong(14, f.bytes());
        s.setDouble(15, f.brightness());
        s.setDouble(16, f.contrast());
        s.setDouble(17, f.saturation());
        s.setDouble(18, f.sharpness());
        PeopleCount people = r.people();
        int[] counts = people == null ? null
                : new int[] {people.faces(), people.masked(), people.unmasked(), people.incorrect()};
        for (int i = 0; i < 4; i++) {
            if (counts == null) {
                s.setNull(19 + i, Types.INTEGER);
            } else {
                s.setInt(19 + i, counts[i]);
            }
        }
    }

    private static PredictionRecord toRecord(ResultSet rs) throws SQLException {
        Map<String, Float> probabilities;
        try {
            probabilities = JSON.readValue(rs.getString(8), new TypeReference<LinkedHashMap<String, Float>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt probabilities column", e);
        }
        return new PredictionRecord(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getDouble(7), probabilities, rs.getDouble(9),
                new ImageFeatures(rs.getInt(10), rs.getInt(11), rs.getString(12), rs.getLong(13), rs.getDouble(14),
                        rs.getDouble(15), rs.getDouble(16), rs.getDouble(17)),
                rs.getObject(18) == null ? null
                        : new PeopleCount(rs.getInt(18), rs.getInt(19), rs.getInt(20), rs.getInt(21)));
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
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

    /** Drops credentials from a JDBC URL for messages and logs. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
