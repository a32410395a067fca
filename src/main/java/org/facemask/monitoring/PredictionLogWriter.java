package org.facemask.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.facemask.detection.PeopleCount;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable prediction log as the service writes it, on SQLite (a file, the default) or
 * PostgreSQL (a JDBC URL), with its schema kept by Flyway migrations.
 *
 * <p>{@link #append} returns a future that completes only once the record is committed, so a
 * service that waits for it before answering never acknowledges a prediction a crash could lose.
 * One writer thread commits everything queued in one transaction (group commit): under load many
 * records share one fsync, which keeps the log from becoming the service's bottleneck.
 *
 * <p>Every future {@link #append} returns completes: committed, or failed when the record could not
 * be written, the log is full, closed, or its writer has stopped ({@link #healthy()} then turns
 * false). Processes that only read the log use {@link PredictionLogReader#openReadOnly} instead.
 */
public final class PredictionLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionLogWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_GROUP = 512;
    /** Records that may wait for the writer before {@link #append} refuses more. */
    private static final int CAPACITY = 10_000;
    private static final int WRITE_ATTEMPTS = 3;
    private static final Duration CLOSE_BUDGET = Duration.ofSeconds(30);
    private static final String INSERT = "INSERT INTO predictions (prediction_id, ts_millis, request_id, endpoint,"
            + " model_name, model_version, label, confidence, probabilities, latency_ms, width, height, format,"
            + " bytes, brightness, contrast, saturation, sharpness, faces, people_masked, people_unmasked,"
            + " people_incorrect, face_boxes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?)";
    // ON CONFLICT ... DO UPDATE: SQLite (3.24 on) and PostgreSQL (9.5 on) alike.
    private static final String UPSERT_FEEDBACK = "INSERT INTO feedback (request_id, face, label, ts_millis)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (request_id, face) DO UPDATE SET label = excluded.label,"
            + " ts_millis = excluded.ts_millis";

    /** Writes one group of records in one transaction; the writer retries a group whose write throws. */
    @FunctionalInterface
    interface GroupSink {
        void write(List<PredictionRecord> group) throws SQLException;
    }

    /** A record waiting for the writer. Whoever takes it out of the queue completes its future. */
    record Pending(PredictionRecord record, CompletableFuture<Void> committed) {}

    private final LogDatabase database;
    private final BlockingQueue<Pending> queue;
    private final GroupSink sink;
    private final Thread writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    // False from the moment close() starts or the writer stops: append refuses records from then on.
    private volatile boolean accepting = true;
    // Why the writer stopped by itself (an Error, an interrupt); set before accepting turns false.
    private volatile RuntimeException stopped;
    // The group being written, for close() to fail if its budget runs out first.
    private volatile List<Pending> committing = List.of();

    private PredictionLogWriter(LogDatabase database, BlockingQueue<Pending> queue, UnaryOperator<GroupSink> sink) {
        this.database = database;
        this.queue = queue;
        this.sink = sink.apply(group -> insert(database, group));
        this.writer = new Thread(this::writeLoop, "prediction-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Returns the JDBC URL of the default SQLite log in a folder, creating the folder.
     *
     * @param folder where {@code predictions.db} lives
     * @return a {@code jdbc:sqlite:} URL, for {@link #open} or {@link PredictionLogReader#openReadOnly}
     */
    public static String sqliteUrl(Path folder) {
        return LogDatabase.sqliteUrl(folder);
    }

    /**
     * Opens (and creates or migrates) the log and starts its writer thread.
     *
     * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB?user=..&password=..}
     * @return the open log
     * @throws IllegalArgumentException if the URL names an unsupported database
     * @throws PredictionLogException if the database cannot be reached or migrated
     */
    public static PredictionLogWriter open(String jdbcUrl) {
        return open(jdbcUrl, new ArrayBlockingQueue<>(CAPACITY), UnaryOperator.identity());
    }

    /**
     * Opens the log with the seams tests use to order events: the queue records wait in, and a
     * wrapper around the JDBC insert of each group.
     */
    static PredictionLogWriter open(String jdbcUrl, BlockingQueue<Pending> queue, UnaryOperator<GroupSink> sink) {
        LogDatabase database = LogDatabase.open(jdbcUrl, LogDatabase.Access.READ_WRITE);
        try {
            Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            database.close();
            throw new PredictionLogException("cannot migrate the prediction log at " + database.describe() + ": "
                    + e.getMessage(), e);
        }
        return new PredictionLogWriter(database, queue, sink);
    }

    /** Returns the database URL without credentials. */
    public String describe() {
        return database.describe();
    }

    /**
     * Returns a query side on this writer's connections, for the service's own statistics. Closing
     * it leaves this writer open; it stops working once this writer is closed.
     *
     * @return a reader sharing this writer's pool
     */
    public PredictionLogReader reader() {
        return new PredictionLogReader(database, false);
    }

    /**
     * Queues a record for the writer.
     *
     * @param record the prediction
     * @return completes when the record is committed; fails if it could not be written, the log is
     *     full or closed, or the writer has stopped
     */
    public CompletableFuture<Void> append(PredictionRecord record) {
        Pending pending = new Pending(record, new CompletableFuture<>());
        if (!accepting) {
            pending.committed().completeExceptionally(refusal());
        } else if (!queue.offer(pending)) {
            pending.committed().completeExceptionally(new IllegalStateException(
                    "the prediction log is " + queue.size() + " records behind"));
        } else if (!accepting && queue.remove(pending)) {
            // The log stopped between the check and the offer, possibly after the writer's last
            // look at the queue: nobody else would ever complete this record.
            pending.committed().completeExceptionally(refusal());
        }
        return pending.committed();
    }

    /**
     * Stores a label for a logged prediction at once (not through the writer's queue), replacing
     * an earlier label of the same request and face.
     *
     * @param feedback the label; its request id should name a logged prediction
     * @throws PredictionLogException if the database cannot take it
     */
    public void putFeedback(Feedback feedback) {
        try (Connection connection = database.connection();
             PreparedStatement upsert = connection.prepareStatement(UPSERT_FEEDBACK)) {
            upsert.setString(1, feedback.requestId());
            upsert.setInt(2, feedback.face() == null ? PredictionLogReader.WHOLE_IMAGE : feedback.face());
            upsert.setString(3, feedback.label());
            upsert.setLong(4, feedback.time().toEpochMilli());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new PredictionLogException("cannot store feedback in " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Returns how many records wait for the writer. */
    public int backlog() {
        return queue.size();
    }

    /**
     * Tells whether the log takes records: false once it is closed or its writer thread has
     * stopped (an {@link Error} such as running out of memory), when every append fails at once.
     *
     * @return true while appended records can be committed
     */
    public boolean healthy() {
        return accepting && writer.isAlive();
    }

    /** Closes the log with a budget of 30 seconds; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(CLOSE_BUDGET);
    }

    /**
     * Stops taking records, waits at most {@code budget} for the writer to commit what is queued,
     * fails whatever is still uncommitted, then closes the database, even if a step before failed.
     * A caller that is interrupted stops waiting; its interrupt is kept. Later calls return at once.
     *
     * @param budget the longest wait for queued records to be committed; zero fails them at once
     */
    public void close(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (closed.getAndSet(true)) {
            return;
        }
        accepting = false;
        // The flag is cleared until the end: the pool's shutdown waits for its own threads, and an
        // interrupted thread would give up half-way and leave connections open.
        boolean interrupted = Thread.interrupted();
        try {
            interrupted = interrupted || !awaitWriter(budget);
            failUncommitted(budget);
        } finally {
            try {
                database.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Waits up to the budget for the writer to finish; false if the wait was interrupted. */
    private boolean awaitWriter(Duration budget) {
        long millis = TimeUnit.MILLISECONDS.convert(budget);
        try {
            if (millis > 0) {
                writer.join(millis);
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** What {@link #close(Duration)} does once its budget is spent: nothing waits any longer. */
    private void failUncommitted(Duration budget) {
        List<Pending> left = new ArrayList<>(committing);
        queue.drainTo(left);
        left.removeIf(p -> p.committed().isDone());
        if (!left.isEmpty()) {
            LOG.warn("closing the prediction log on {}: {} predictions were not committed within {}", describe(),
                    left.size(), budget);
            IllegalStateException late = new IllegalStateException("the prediction log closed before the"
                    + " prediction was committed");
            left.forEach(p -> p.committed().completeExceptionally(late));
        }
        if (writer.isAlive()) {
            // Cuts a retry's pause short; a write still running fails once the pool is closed.
            writer.interrupt();
        }
    }

    private RuntimeException refusal() {
        RuntimeException reason = stopped;
        return reason != null ? reason : new IllegalStateException("the prediction log is closed");
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        RuntimeException failure = null;
        try {
            while (accepting || !queue.isEmpty()) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                committing = List.copyOf(group);
                commit(group);
                committing = List.of();
                group.clear();
            }
        } catch (InterruptedException e) {
            LOG.warn("the prediction log writer on {} was interrupted; uncommitted predictions fail", describe());
            failure = new IllegalStateException("the prediction log writer was interrupted before committing", e);
        } catch (RuntimeException | Error e) {
            // Without this the thread would end silently and every later caller wait out its timeout.
            LOG.error("the prediction log writer on {} died; no more predictions can be logged", describe(), e);
            failure = new IllegalStateException("the prediction log writer died: " + e, e);
        } finally {
            stop(failure, group);
        }
    }

    /** Ends the writer: nothing is taken any more, and whatever it still held or was queued fails. */
    private void stop(RuntimeException failure, List<Pending> group) {
        // stopped before accepting: an append that sees accepting false must find the reason.
        if (failure != null) {
            stopped = failure;
        }
        accepting = false;
        RuntimeException reason = refusal();
        group.forEach(p -> p.committed().completeExceptionally(reason));
        List<Pending> queued = new ArrayList<>();
        queue.drainTo(queued);
        queued.forEach(p -> p.committed().completeExceptionally(reason));
        committing = List.of();
    }

    private void commit(List<Pending> group) throws InterruptedException {
        List<PredictionRecord> records = group.stream().map(Pending::record).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                sink.write(records);
                group.forEach(p -> p.committed().complete(null));
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    LOG.error("could not write {} predictions to {}", group.size(), describe(), e);
                    group.forEach(p -> p.committed().completeExceptionally(e));
                    return;
                }
                // Transient (a busy lock, a reconnecting pool): the callers are still waiting. An
                // interrupt here ends the writer, which then fails this group with the queue.
                Thread.sleep(50L * attempt);
            }
        }
    }

    private static void insert(LogDatabase database, List<PredictionRecord> group) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (PredictionRecord record : group) {
                    bind(insert, record);
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
        try {
            s.setString(23, r.faces() == null ? null : JSON.writeValueAsString(r.faces()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the faces", e);
        }
    }
}
