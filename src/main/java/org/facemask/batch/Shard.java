package org.facemask.batch;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One of {@code count} disjoint parts of an archive. A file belongs to shard
 * {@code CRC32(UTF-8 path relative to the input root) mod count}: the same on every machine and in
 * every run, whatever order the files are listed in, so that {@code count} pods each scoring
 * their own shard cover every file exactly once.
 *
 * @param index this shard, from 0
 * @param count how many shards there are, at least 1
 */
public record Shard(int index, int count) {

    /** The whole archive as one shard. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks that {@code 0 <= index < count}. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard must be i/n with 0 <= i < n, got " + index + "/" + count);
        }
    }

    /**
     * Parses {@code i/n}, as Kubernetes' {@code JOB_COMPLETION_INDEX} and the job's completions give it.
     *
     * @param text e.g. {@code 0/4}
     * @return the shard
     * @throws IllegalArgumentException if the text is not {@code i/n} with {@code 0 <= i < n}
     */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard must be i/n (e.g. 0/4), got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be i/n (e.g. 0/4), got '" + text + "'", e);
        }
    }

    /**
     * Returns whether a file belongs to this shard.
     *
     * @param relativePath the file's path relative to the input root, with {@code /} separators
     * @return true for exactly one shard of every count
     */
    public boolean contains(String relativePath) {
        CRC32 crc = new CRC32();
        crc.update(relativePath.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
