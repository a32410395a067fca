package org.facemask.batch;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An output file that a rerun resumes. Rows are appended whole and flushed one by one, so a kill
 * leaves every finished row on disk and at most one unterminated line after them: opening the
 * file again cuts that line off (its file is scored again) and reads which files are done.
 */
final class ScoreOutput implements AutoCloseable {

    private final Writer writer;
    private final RowFormat format;
    private final Set<String> done;
    private final long discardedBytes;

    private ScoreOutput(Writer writer, RowFormat format, Set<String> done, long discardedBytes) {
        this.writer = writer;
        this.format = format;
        this.done = done;
        this.discardedBytes = discardedBytes;
    }

    /**
     * Opens an output for appending, creating it (and its folder) when missing.
     *
     * @param file the output
     * @param format its format
     * @return the output, knowing the files already in it
     * @throws IOException if the file cannot be read or written
     * @throws IllegalArgumentException if its rows are not this format's
     */
    static ScoreOutput open(Path file, RowFormat format) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        long discarded = Files.exists(file) ? cutUnfinishedLine(file) : 0;
        Set<String> done = new HashSet<>();
        boolean empty = !Files.exists(file) || Files.size(file) == 0;
        if (!empty) {
            for (ScoreRow row : format.read(file)) {
                done.add(row.path());
            }
        }
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        try {
            if (empty) {
                writer.write(format.header());
                writer.flush();
            }
        } catch (IOException e) {
            writer.close();
            throw e;
        }
        return new ScoreOutput(writer, format, done, discarded);
    }

    /** Truncates the file after its last line break; returns how many bytes that cut off. */
    private static long cutUnfinishedLine(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (end > 0) {
                int length = (int) Math.min(buffer.capacity(), end);
                buffer.clear().limit(length);
                channel.read(buffer, end - length);
                for (int i = length - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        long keep = end - length + i + 1;
                        channel.truncate(keep);
                        return size - keep;
                    }
                }
                end -= length;
            }
            channel.truncate(0);
            return size;
        }
    }

    /** Returns the paths of the files already in the output, scored or failed. */
    Set<String> done() {
        return done;
    }

    /** Returns how many bytes of an unfinished last row were cut off when opening. */
    long discardedBytes() {
        return discardedBytes;
    }

    /** Appends rows and flushes them to the file. */
    synchronized void append(List<ScoreRow> rows) throws IOException {
        for (ScoreRow row : rows) {
            writer.write(format.line(row));
        }
        writer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
