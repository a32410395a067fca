package org.facemask.batch;

import java.util.Map;

/**
 * What a {@link BatchScorer#score} run did.
 *
 * @param shard the part scored
 * @param listed the shard's images in the input
 * @param skipped those already in the output, not scored again
 * @param scored those classified in this run
 * @param errors those that got an error row in this run
 * @param discardedBytes the bytes of an interrupted run's unfinished last row that were cut off
 * @param seconds how long scoring took, the model's loading left out
 * @param labels the classified files by label, in this run
 */
public record ScoreSummary(Shard shard, int listed, int skipped, int scored, int errors, long discardedBytes,
                           double seconds, Map<String, Integer> labels) {

    /** Returns the files done in this run (classified or failed) per second. */
    public double imagesPerSecond() {
        return seconds > 0 ? (scored + errors) / seconds : 0;
    }
}
