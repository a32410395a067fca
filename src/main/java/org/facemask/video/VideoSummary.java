package org.facemask.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@link VideoAnalyzer} saw in one video: written as the summary JSON.
 *
 * @param frames frames read (and written)
 * @param framesAnalysed frames on which faces were detected and classified; the tracker carried
 *     the others
 * @param fpsProcessing frames per second of wall time, the whole pipeline (decode, analyse,
 *     draw, encode)
 * @param videoFps the input's frame rate
 * @param durationSeconds the input's length, frames / frame rate
 * @param realtimeFactor {@code fpsProcessing / videoFps}: at least 1 keeps up with a live stream
 * @param maxLagSeconds the most any frame was finished after its time in the video: what a
 *     live source would see as delay; stays under a frame or two when the pipeline keeps up
 * @param tracks one entry per confirmed track
 * @param people tracks by their final smoothed label
 */
public record VideoSummary(long frames, @JsonProperty("frames_analysed") long framesAnalysed,
        @JsonProperty("fps_processing") double fpsProcessing, @JsonProperty("video_fps") double videoFps,
        @JsonProperty("duration_seconds") double durationSeconds,
        @JsonProperty("realtime_factor") double realtimeFactor,
        @JsonProperty("max_lag_seconds") double maxLagSeconds, List<TrackSummary> tracks,
        Map<String, Integer> people) {

    /**
     * One track.
     *
     * @param id the track id
     * @param firstSeconds when it was first detected
     * @param lastSeconds when it was last detected
     * @param label its final smoothed label, or null if it was never classified
     * @param maskedShare share of its classified frames on which the smoothed label was {@code mask}
     * @param classifiedFrames frames on which it was classified
     */
    public record TrackSummary(int id, @JsonProperty("first_seconds") double firstSeconds,
            @JsonProperty("last_seconds") double lastSeconds, String label,
            @JsonProperty("masked_share") double maskedShare,
            @JsonProperty("classified_frames") int classifiedFrames) {}
}
