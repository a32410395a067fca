package org.facemask.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.io.file.PathUtils;
import org.facemask.model.SafeTensors;

/**
 * Everything a run needs to continue after its last finished epoch, in {@code OUT/checkpoint/}:
 * the current and the best weights (F32), AdamW's state, the shuffling RNG, the history and the
 * settings. Written to a fresh folder that then replaces the old one, so a crash mid-write
 * leaves the previous checkpoint intact.
 */
final class TrainingCheckpoint {

    static final String FOLDER = "checkpoint";
    private static final String STATE = "state.json";
    private static final String WEIGHTS = "weights.safetensors";
    private static final String BEST = "best.safetensors";
    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The scalar part of a checkpoint.
     *
     * @param epoch the last finished epoch
     * @param bestEpoch the epoch whose weights are in {@code best.safetensors}
     * @param history every finished epoch's measurements
     * @param random the shuffling/augmentation RNG, Java-serialised
     * @param steps AdamW step count per parameter name
     * @param numUpdate AdamW's global update count
     * @param options the run's settings ({@link TrainingOptions#toMap()})
     */
    @SuppressWarnings("ArrayRecordComponent") // a JSON value carrier, never compared or hashed
    record State(int epoch, int bestEpoch, List<EpochStats> history, byte[] random, Map<String, Integer> steps,
                 int numUpdate, Map<String, Object> options) {}

    /** A checkpoint read back. */
    record Loaded(State state, Map<String, SafeTensors.Tensor> weights, Map<String, SafeTensors.Tensor> best,
                  OptimizerState.Saved optimizer, Random random) {}

    private TrainingCheckpoint() {}

    static void write(Path outDir, State state, Map<String, SafeTensors.Tensor> weights,
                      Map<String, SafeTensors.Tensor> best, Map<String, SafeTensors.Tensor> moments)
            throws IOException {
        Path fresh = outDir.resolve(FOLDER + ".new");
        deleteTree(fresh);
        Files.createDirectories(fresh);
        SafeTensors.write(fresh.resolve(WEIGHTS), weights);
        SafeTensors.write(fresh.resolve(BEST), best);
        SafeTensors.write(fresh.resolve(OPTIMIZER), moments);
        JSON.writeValue(fresh.resolve(STATE).toFile(), state);
        Path current = outDir.resolve(FOLDER);
        Path old = outDir.resolve(FOLDER + ".old");
        deleteTree(old);
        if (Files.exists(current)) {
            Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, current, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /**
     * Reads {@code OUT/checkpoint} (or the previous one, if a write was cut between its renames).
     *
     * @param outDir the run's output folder
     * @return the checkpoint
     * @throws IOException with a clear message if it is missing, incomplete or corrupt
     */
    static Loaded read(Path outDir) throws IOException {
        Path dir = outDir.resolve(FOLDER);
        if (!Files.isDirectory(dir) && Files.isDirectory(outDir.resolve(FOLDER + ".old"))) {
            dir = outDir.resolve(FOLDER + ".old");
        }
        if (!Files.isRegularFile(dir.resolve(STATE))) {
            throw new IOException("no checkpoint to resume in " + outDir + " (expected " + dir.resolve(STATE) + ")");
        }
        try {
            State state = JSON.readValue(dir.resolve(STATE).toFile(), new TypeReference<State>() {});
            if (state.epoch() < 1 || state.history() == null || state.history().size() != state.epoch()
                    || state.options() == null || state.random() == null) {
                throw new IOException("inconsistent state (epoch " + state.epoch() + ")");
            }
            Random random;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state.random()))) {
                random = (Random) in.readObject();
            } catch (ClassNotFoundException | ClassCastException e) {
                throw new IOException("unreadable RNG state: " + e, e);
            }
            var moments = SafeTensors.read(dir.resolve(OPTIMIZER));
            return new Loaded(state, SafeTensors.read(dir.resolve(WEIGHTS)), SafeTensors.read(dir.resolve(BEST)),
                    new OptimizerState.Saved(moments, state.steps(), state.numUpdate()), random);
        } catch (IOException | RuntimeException e) {
            throw new IOException("corrupt checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    static byte[] serialise(Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        }
        return bytes.toByteArray();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            PathUtils.delete(dir);
        }
    }
}
