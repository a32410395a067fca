/**
 * Face detection in scenes: ONNX face detectors (YuNet-n, AIZOO, UltraFace), landmarks, tiling,
 * merging, the face check and non-maximum suppression; face boxes with the crop margin the mask
 * classifier sees, and the people count of one upload made from them.
 *
 * <p>May depend on {@code image}, {@code dataset} and {@code model}. Measuring detectors on
 * annotated scenes lives in {@code evaluation}.
 */
package org.facemask.detection;
