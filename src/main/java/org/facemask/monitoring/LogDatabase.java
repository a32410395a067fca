package org.facemask.monitoring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.facemask.config.SystemProperty;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The connection pool of a prediction log, shared by {@link PredictionLogWriter} and
 * {@link PredictionLogReader}: which databases are supported, how each is set up, and how the URL
 * is shown without its credentials.
 */
final class LogDatabase implements AutoCloseable {

    private static final String SQLITE = "jdbc:sqlite:";
    private static final String POSTGRES = "jdbc:postgresql:";
    /** SQLite's sync level; {@code -Dfacemask.sqlite.synchronous=FULL} adds power-cut safety at a throughput cost. */
    private static final String SQLITE_SYNCHRONOUS = SystemProperty.SQLITE_SYNCHRONOUS.value();

    /** What the pool's connections may do. */
    enum Access {
        /** Creates a missing SQLite file; the caller migrates the schema. */
        READ_WRITE,
        /** Never writes, never creates a file. */
        READ_ONLY
    }

    private final String url;
    private final HikariDataSource dataSource;

    private LogDatabase(String url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
    }

    /** See {@link PredictionLogWriter#sqliteUrl}. */
    static String sqliteUrl(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the prediction log folder " + folder, e);
        }
        return SQLITE + folder.resolve("predictions.db").toAbsolutePath();
    }

    /**
     * Opens a pool on the log's database.
     *
     * @throws IllegalArgumentException if the URL names an unsupported database
     * @throws PredictionLogException if the database cannot be reached, or, read-only, if a SQLite
     *     file is missing
     */
    static LogDatabase open(String jdbcUrl, Access access) {
        boolean readOnly = access == Access.READ_ONLY;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(readOnly ? "prediction-log-reader" : "prediction-log");
        config.setMaximumPoolSize(4);
        config.setReadOnly(readOnly);
        if (jdbcUrl.startsWith(SQLITE)) {
            if (readOnly) {
                // Without the CREATE flag SQLite opens an existing file or fails: a reader never
                // leaves an empty database behind. Hikari's read-only flag alone cannot do this:
                // sqlite-jdbc fixes a connection's mode when it opens the file.
                config.addDataSourceProperty(SQLiteConfig.Pragma.OPEN_MODE.pragmaName,
                        String.valueOf(SQLiteOpenMode.READONLY.flag));
                requireSqliteFile(jdbcUrl);
            } else {
                // WAL lets readers (stats, drift) run beside the writer. synchronous=NORMAL: a commit
                // is in the WAL file before the request is answered, so the service dying (kill -9,
                // OOM) loses nothing; only an OS crash or power cut could lose the last commits.
                // FULL (an fsync per commit) cost 10 % of throughput at 8 clients in bench/serve.sh.
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", SQLITE_SYNCHRONOUS);
            }
            config.addDataSourceProperty("busy_timeout", "10000");
        } else if (jdbcUrl.startsWith(POSTGRES)) {
            if (readOnly) {
                // pgjdbc's default ("transaction") makes only explicit transactions read-only; the
                // reader's autocommit statements could still write without "always".
                config.addDataSourceProperty("readOnlyMode", "always");
            }
        } else {
            throw new IllegalArgumentException("prediction log URL must start with " + SQLITE + " or " + POSTGRES
                    + ", got " + redact(jdbcUrl));
        }
        config.setInitializationFailTimeout(10_000);
        try {
            return new LogDatabase(jdbcUrl, new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new PredictionLogException("cannot open the prediction log at " + redact(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Fails at once on a SQLite file that does not exist: the pool would retry opening it for its
     * whole start-up timeout and then say only that it cannot open it.
     */
    private static void requireSqliteFile(String jdbcUrl) {
        String name = jdbcUrl.substring(SQLITE.length());
        int parameters = name.indexOf('?');
        if (parameters >= 0) {
            name = name.substring(0, parameters);
        }
        // ":memory:" and "file:" URIs are left to the driver.
        if (name.isEmpty() || name.startsWith(":") || name.startsWith("file:")) {
            return;
        }
        try {
            if (Files.exists(Path.of(name))) {
                return;
            }
        } catch (InvalidPathException e) {
            return;
        }
        throw missing(jdbcUrl, null);
    }

    /** The log's database holds no predictions yet, or is not where the URL says. */
    static PredictionLogException missing(String jdbcUrl, Throwable cause) {
        return new PredictionLogException("no prediction log at " + redact(jdbcUrl)
                + ": has the service logged anything yet?", cause);
    }

    /** Returns the pool, for Flyway. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Returns a connection from the pool; the caller closes it. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Returns the database URL without credentials. */
    String describe() {
        return redact(url);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Drops credentials from a JDBC URL for messages and logs. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
