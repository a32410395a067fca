-- Feedback: the label a person gave a prediction (POST /v1/feedback, the review page), one per
-- request and face; face -1 is the whole image. A repeat replaces the earlier label.
CREATE TABLE feedback (
    request_id  VARCHAR(64) NOT NULL,
    face        INTEGER     NOT NULL,
    label       VARCHAR(64) NOT NULL,
    ts_millis   BIGINT      NOT NULL,
    PRIMARY KEY (request_id, face)
);

CREATE INDEX feedback_ts ON feedback (ts_millis);

-- Feedback finds its prediction by request id.
CREATE INDEX predictions_request ON predictions (request_id);

-- The faces of a /v1/ answer in index order, as JSON: box in the upload's pixels, class and
-- confidence. 'facemask feedback export --faces' cuts a labelled face out of the retained upload
-- with it; NULL where no detection ran.
ALTER TABLE predictions ADD COLUMN face_boxes TEXT;
