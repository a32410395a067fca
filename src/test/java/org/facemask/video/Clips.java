package org.facemask.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.facemask.detection.DetectedFace;

/**
 * Small test clips made on the spot: the scene fixture (three annotated faces) seen through a
 * window that pans a pixel or two per frame, so every frame's true face boxes are known.
 */
public final class Clips {

    /** The scene photo: 512 x 366, faces at the boxes below. */
    public static final Path SCENE = Path.of("src/test/resources/fixtures/scenes/images/maksssksksss0.jpg");
    /** The annotated faces of the scene photo (VOC boxes): no mask, mask, no mask. */
    public static final List<DetectedFace> FACES = List.of(
            new DetectedFace(79, 105, 109, 142, 1, Double.NaN),
            new DetectedFace(185, 100, 226, 144, 1, Double.NaN),
            new DetectedFace(325, 90, 360, 141, 1, Double.NaN));
    /** Clip frame size. */
    public static final int WIDTH = 448;
    public static final int HEIGHT = 320;
    public static final int FPS = 25;

    private Clips() {}

    /** Returns the window's top-left corner on frame {@code i}: 1.5 px right and 1 px down per frame. */
    public static double[] offset(long i) {
        return new double[] {Math.round(1.5 * i), i};
    }

    /**
     * Returns the true face boxes on frame {@code i}.
     *
     * @param i the frame index
     * @return the three faces in frame pixels
     */
    public static List<DetectedFace> faces(long i) {
        double[] o = offset(i);
        return FACES.stream().map(f -> f.shifted(-o[0], -o[1])).toList();
    }

    /**
     * Writes the panning clip as H.264 (or MPEG-4) MP4.
     *
     * @param file where
     * @param frames how many frames, at most 40
     * @return the file
     * @throws IOException if encoding fails
     */
    public static Path panning(Path file, int frames) throws IOException {
        BufferedImage scene = ImageIO.read(SCENE.toFile());
        return write(file, WIDTH, HEIGHT, frames, i -> {
            double[] o = offset(i);
            return scene.getSubimage((int) o[0], (int) o[1], WIDTH, HEIGHT);
        });
    }

    /** Encodes {@code frames} frames of the given size at {@link #FPS} as H.264 (else MPEG-4) MP4. */
    private static Path write(Path file, int width, int height, int frames, IntFunction<BufferedImage> frameAt)
            throws IOException {
        Java2DFrameConverter converter = new Java2DFrameConverter();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_H264) != null
                    ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FPS);
            recorder.setVideoBitrate(2_000_000);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                frame.createGraphics().drawImage(frameAt.apply(i), 0, 0, null);
                recorder.record(converter.convert(frame));
            }
        }
        return file;
    }

    /**
     * Writes a 640 x 480, 25 frames/s clip for measuring speed: the scene photo enlarged 1.75
     * times, panned across in {@code seconds}.
     *
     * @param file where
     * @param seconds its length
     * @return the file
     * @throws IOException if encoding fails
     */
    public static Path benchmark(Path file, int seconds) throws IOException {
        BufferedImage photo = ImageIO.read(SCENE.toFile());
        BufferedImage scene = new BufferedImage(896, 640, BufferedImage.TYPE_3BYTE_BGR);
        scene.createGraphics().drawImage(photo, 0, 0, 896, 640, null);
        int frames = seconds * FPS;
        return write(file, 640, 480, frames, i -> scene.getSubimage((int) Math.round(256.0 * i / frames),
                (int) Math.round(160.0 * i / frames), 640, 480));
    }

    /**
     * Writes the speed-measurement clip: {@code Clips OUT.mp4 [SECONDS]} (default 10 s), run
     * with the test classes and the runtime jars on the class path (docs/video.md).
     *
     * @param args the output file and optionally the length in seconds
     * @throws IOException if encoding fails
     */
    public static void main(String[] args) throws IOException {
        benchmark(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 10);
    }

    /**
     * Counts the video frames of a file by decoding it.
     *
     * @param file the video
     * @return frames decoded
     * @throws IOException if decoding fails
     */
    public static int countFrames(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int n = 0;
            while (grabber.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    /**
     * Returns the frame sizes of a video's first frame, {width, height}.
     *
     * @param file the video
     * @return width and height
     * @throws IOException if it cannot be opened
     */
    public static List<Integer> size(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            return new ArrayList<>(List.of(grabber.getImageWidth(), grabber.getImageHeight()));
        }
    }
}
