-- The prediction log. Portable SQL: the same migration runs on SQLite and PostgreSQL.
-- Times are epoch milliseconds, so bucketing is integer arithmetic on both databases.
CREATE TABLE predictions (
    prediction_id  VARCHAR(36)      NOT NULL PRIMARY KEY,
    ts_millis      BIGINT           NOT NULL,
    request_id     VARCHAR(64)      NOT NULL,
    endpoint       VARCHAR(64)      NOT NULL,
    model_name     VARCHAR(128)     NOT NULL,
    model_version  VARCHAR(64)      NOT NULL,
    label          VARCHAR(64)      NOT NULL,
    confidence     DOUBLE PRECISION NOT NULL,
    probabilities  TEXT             NOT NULL,
    latency_ms     DOUBLE PRECISION NOT NULL,
    width          INTEGER          NOT NULL,
    height         INTEGER          NOT NULL,
    format         VARCHAR(16)      NOT NULL,
    bytes          BIGINT           NOT NULL,
    brightness     DOUBLE PRECISION NOT NULL,
    contrast       DOUBLE PRECISION NOT NULL,
    saturation     DOUBLE PRECISION NOT NULL,
    sharpness      DOUBLE PRECISION NOT NULL
);

CREATE INDEX predictions_ts ON predictions (ts_millis);
