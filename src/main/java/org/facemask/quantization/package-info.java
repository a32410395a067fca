/**
 * Post-training int8 quantization of a model folder ({@link org.facemask.quantization.Int8Quantizer}):
 * calibration images preprocessed as the service preprocesses them, ONNX Runtime's static QDQ
 * quantizer (Python, run in a virtual environment) on the exported float32 graph, and a new model
 * folder that carries the int8 graph.
 *
 * <p>May depend on {@code config}, {@code image}, {@code dataset} and {@code model}.
 */
package org.facemask.quantization;
