package org.facemask.training;

import java.nio.file.Path;
import java.util.List;
import org.facemask.evaluation.EvaluationResult;

/**
 * What a training run produced.
 *
 * @param artifact the written model folder
 * @param history per-epoch measurements
 * @param bestEpoch the epoch whose weights were kept
 * @param evaluation the saved model's evaluation on the validation set
 * @param seconds total wall time
 */
public record TrainingResult(Path artifact, List<EpochStats> history, int bestEpoch,
                             EvaluationResult evaluation, double seconds) {}
