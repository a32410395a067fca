package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same contract on a real PostgreSQL server. {@code .ci/run} starts one and sets
 * {@code FACEMASK_TEST_POSTGRES_URL} (a superuser URL) and {@code FACEMASK_REQUIRE_POSTGRES=1}, so
 * CI cannot pass without it; a developer's {@code make test} without PostgreSQL skips these.
 */
class PostgresPredictionLogTest extends PredictionLogContract {

    private static final String URL = System.getenv("FACEMASK_TEST_POSTGRES_URL");
    private int databases;

    @BeforeAll
    static void needsPostgres() {
        if ("1".equals(System.getenv("FACEMASK_REQUIRE_POSTGRES"))) {
            assertNotNull(URL, "FACEMASK_REQUIRE_POSTGRES=1 but FACEMASK_TEST_POSTGRES_URL is not set");
        }
        Assumptions.assumeTrue(URL != null, "no PostgreSQL server: set FACEMASK_TEST_POSTGRES_URL");
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
