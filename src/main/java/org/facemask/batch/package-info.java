/**
 * Offline scoring of image archives: {@link org.facemask.batch.BatchScorer} classifies every image
 * of a folder or a list, or one {@link org.facemask.batch.Shard} of them, through the service core
 * (the same decoding, preprocessing, micro-batching and face detection as the HTTP service) and
 * appends one row per file to a JSONL or CSV output that a rerun resumes;
 * {@link org.facemask.batch.ScoreMerge} combines the shards' outputs.
 *
 * <p>Sits beside {@code serving.http}: may depend on {@code config}, {@code image}, {@code dataset},
 * {@code model}, {@code detection}, {@code monitoring}, {@code video} and {@code serving}; never on
 * {@code training}, {@code evaluation} or {@code report} (ArchitectureTest).
 */
package org.facemask.batch;
