package org.facemask.monitoring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.facemask.Prerequisites;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same contract on a real PostgreSQL server. {@code .ci/run} starts one and sets
 * {@code FACEMASK_TEST_POSTGRES_URL} (a superuser URL), {@code CI=1} and {@code FACEMASK_REQUIRE_POSTGRES=1},
 * so CI cannot pass without it; a developer's {@code make test} without PostgreSQL skips these.
 */
class PostgresPredictionLogTest extends PredictionLogContract {

    private static final String URL = System.getenv("FACEMASK_TEST_POSTGRES_URL");
    private int databases;

    @BeforeAll
    static void needsPostgres() {
        Prerequisites.assumePresent(URL != null, "no PostgreSQL server: set FACEMASK_TEST_POSTGRES_URL",
                "FACEMASK_REQUIRE_POSTGRES");
    }

    /** Each test gets its own database, so migrations start from nothing. */
    @Override
    String freshUrl() throws Exception {
        String name = "facemask_test_" + ProcessHandle.current().pid() + "_" + databases++;
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }
}
