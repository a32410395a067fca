-- People counted in an upload by face detection (/v1/ endpoints), for compliance over time.
-- NULL where no detection ran (/predict, or the service runs without detectors).
ALTER TABLE predictions ADD COLUMN faces INTEGER;
ALTER TABLE predictions ADD COLUMN people_masked INTEGER;
ALTER TABLE predictions ADD COLUMN people_unmasked INTEGER;
ALTER TABLE predictions ADD COLUMN people_incorrect INTEGER;
