/** Face detection in scenes: an ONNX face detector, non-maximum suppression, face boxes. */
package org.facemask.detection;
