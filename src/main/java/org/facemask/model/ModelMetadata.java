package org.facemask.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code model.json}: everything needed to rebuild, feed and judge the model.
 *
 * @param formatVersion artifact layout version; loading refuses versions it does not know
 * @param name model name (the artifact folder name by default)
 * @param architecture network layout; only {@value ModelArtifact#ARCHITECTURE} is known
 * @param classes class names in output order
 * @param inputSize square input side in pixels
 * @param mean per-channel RGB mean on the 0..1 scale
 * @param std per-channel RGB standard deviation on the 0..1 scale
 * @param weightsFile file name of the safetensors weights, next to {@code model.json}; null in a
 *     folder that carries only an ONNX graph
 * @param weightsDtype storage type of the weights ({@code F16} or {@code F32}); null without weights
 * @param training the settings the model was trained with
 * @param metrics validation metrics of the stored weights
 * @param dataset where the training data came from: folder, counts, content fingerprint
 * @param createdAt creation time, ISO-8601 UTC
 * @param onnxFile file name of a ready ONNX graph next to {@code model.json} (an int8 one from
 *     {@code facemask quantize}), run instead of a graph exported from the weights; null for none
 * @param quantization how that graph was quantized and from which model; null for none
 */
@SuppressWarnings("ArrayRecordComponent") // mean and std: a JSON value carrier, never compared or hashed
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("name") String name,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("input_size") int inputSize,
        @JsonProperty("mean") float[] mean,
        @JsonProperty("std") float[] std,
        @JsonProperty("weights_file") String weightsFile,
        @JsonProperty("weights_dtype") String weightsDtype,
        @JsonProperty("training") Map<String, Object> training,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("dataset") Map<String, Object> dataset,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("onnx_file") String onnxFile,
        @JsonProperty("quantization") Map<String, Object> quantization) {

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** Returns the ImageNet channel means, RGB (a copy). */
    public static float[] imagenetMean() {
        return IMAGENET_MEAN.clone();
    }

    /** Returns the ImageNet channel standard deviations, RGB (a copy). */
    public static float[] imagenetStd() {
        return IMAGENET_STD.clone();
    }

    /**
     * Returns whether the folder carries its own ONNX graph ({@link #onnxFile}), which only ONNX
     * Runtime runs.
     */
    public boolean carriesOnnxGraph() {
        return onnxFile != null;
    }

    /**
     * Returns a copy with other metrics.
     *
     * @param newMetrics the metrics
     * @return the new metadata
     */
    public ModelMetadata withMetrics(Map<String, Object> newMetrics) {
        return new ModelMetadata(formatVersion, name, architecture, classes, inputSize, mean, std,
                weightsFile, weightsDtype, training, newMetrics, dataset, createdAt, onnxFile, quantization);
    }

    /**
     * Returns the metadata of a folder that carries an ONNX graph instead of weights: same classes
     * and preprocessing, no weights, no metrics (they were measured on the other graph).
     *
     * @param newName the new model's name
     * @param graphFile the graph's file name
     * @param how how it was made, recorded as {@code quantization}
     * @param created creation time, ISO-8601 UTC
     * @return the new metadata
     */
    public ModelMetadata withOnnxGraph(String newName, String graphFile, Map<String, Object> how, String created) {
        return new ModelMetadata(formatVersion, newName, architecture, classes, inputSize, mean, std,
                null, null, training, null, dataset, created, graphFile, how);
    }
}
