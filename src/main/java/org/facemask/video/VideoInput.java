package org.facemask.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Opens a video for reading with FFmpeg, whatever it is: a file, an {@code rtsp://},
 * {@code http(s)://} or other FFmpeg URL (with a read timeout, so a dead stream never hangs the
 * reader), or a V4L2 camera ({@code /dev/video0}).
 */
public final class VideoInput {

    /** The frame rate assumed when a video does not declare a plausible one. */
    static final double FALLBACK_FPS = 25;

    private VideoInput() {}

    /**
     * Fails fast on a video file that is not there or that FFmpeg cannot open; streams and
     * devices are only checked by opening them.
     *
     * @param input a file path, a URL or a device
     * @throws IOException if it names a file that does not exist or has no decodable video
     */
    static void check(String input) throws IOException {
        if (!isStreamOrDevice(input)) {
            open(input).close();
        }
    }

    /**
     * Opens and starts a grabber on the input.
     *
     * @param input a file path, a URL or a device
     * @return the started grabber, with a video stream; the caller closes it
     * @throws IOException if it cannot be opened, is unreachable or has no video
     */
    public static FFmpegFrameGrabber open(String input) throws IOException {
        // FFmpeg's own lines would repeat what the exceptions say.
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        FFmpegFrameGrabber grabber;
        if (input.startsWith("/dev/video")) {
            grabber = new FFmpegFrameGrabber(input);
            grabber.setFormat("video4linux2");
        } else if (isStreamOrDevice(input)) {
            grabber = new FFmpegFrameGrabber(input);
            // Never hang on a dead stream: give up on a read after 10 s (microseconds).
            grabber.setOption("rw_timeout", "10000000");
            grabber.setOption("timeout", "10000000");
        } else {
            if (!Files.isRegularFile(Path.of(input))) {
                throw new IOException("input video not found: " + input);
            }
            grabber = new FFmpegFrameGrabber(Path.of(input).toFile());
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            grabber.close();
            throw new IOException("cannot open video " + input + " (not a video FFmpeg can decode, or"
                    + " unreachable): " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            grabber.close();
            throw new IOException("no video stream in " + input);
        }
        return grabber;
    }

    /**
     * Returns the video's frame rate, or {@value #FALLBACK_FPS} when it declares none that is plausible.
     *
     * @param grabber an open grabber
     * @return frames per second
     */
    public static double frameRate(FFmpegFrameGrabber grabber) {
        double fps = grabber.getFrameRate();
        return fps > 0 && fps < 1000 ? fps : FALLBACK_FPS;
    }

    /** Whether the input is a stream or a device, whose frames come at their own pace, not a file. */
    static boolean isStreamOrDevice(String input) {
        return input.startsWith("/dev/video") || input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }
}
