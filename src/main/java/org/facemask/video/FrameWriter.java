package org.facemask.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Encodes frames on a thread of its own, so conversion and encoding overlap the next frame's
 * analysis. At most {@link #PENDING} frames wait: a slow encoder slows the caller, memory stays
 * flat. Closing writes what is pending and closes the recorder, so the file stays playable.
 */
final class FrameWriter implements AutoCloseable {

    static final int PENDING = 4;

    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "facemask-video-encoder");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    FrameWriter(FFmpegFrameRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Queues a copy of the frame for encoding.
     *
     * @param frame the frame; the caller may reuse it at once
     * @throws IOException if an earlier frame failed to encode
     */
    void write(BufferedImage frame) throws IOException {
        BufferedImage copy = new BufferedImage(frame.getColorModel(), frame.copyData(null),
                frame.isAlphaPremultiplied(), null);
        if (pending.size() >= PENDING) {
            await(pending.removeFirst());
        }
        pending.addLast(thread.submit(() -> {
            recorder.record(converter.convert(copy));
            return null;
        }));
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("encoding failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while encoding", e);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        while (!pending.isEmpty()) {
            try {
                await(pending.removeFirst());
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        thread.shutdown();
        try {
            recorder.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
