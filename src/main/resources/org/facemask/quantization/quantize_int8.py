"""Static int8 quantization of a float32 ONNX classifier with ONNX Runtime's tooling.

Run by `facemask quantize`, which writes the float32 graph and the calibration tensors:

    python quantize_int8.py FLOAT32.onnx CALIBRATION.npy OUT.onnx uint8|int8 [BATCH]

CALIBRATION.npy holds float32 [N, 3, S, S] images preprocessed as the service preprocesses them.
The result is a QDQ graph (QuantizeLinear / DequantizeLinear pairs around each operator) with uint8
(asymmetric) or int8 activations and per-channel int8 weights: the format ONNX Runtime fuses into
integer kernels on CPU. uint8 x int8 is what x86's VNNI dot-product instruction multiplies.
Prints one JSON line describing what was done.
"""
import json
import os
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process


class Batches(CalibrationDataReader):
    """Feeds the calibration images to the calibrator in batches."""

    def __init__(self, images, input_name, batch):
        self.images = images
        self.input_name = input_name
        self.batch = batch
        self.position = 0

    def get_next(self):
        if self.position >= len(self.images):
            return None
        chunk = self.images[self.position:self.position + self.batch]
        self.position += self.batch
        return {self.input_name: np.ascontiguousarray(chunk, dtype=np.float32)}

    def rewind(self):
        self.position = 0


def main(argv):
    if len(argv) not in (5, 6) or argv[4] not in ("uint8", "int8"):
        sys.exit("usage: quantize_int8.py FLOAT32.onnx CALIBRATION.npy OUT.onnx uint8|int8 [BATCH]")
    source, calibration, out, activations = argv[1], argv[2], argv[3], argv[4]
    batch = int(argv[5]) if len(argv) == 6 else 16
    images = np.load(calibration)
    if images.ndim != 4 or images.shape[1] != 3 or images.dtype != np.float32:
        sys.exit("calibration tensors must be float32 [N, 3, S, S], got %s %s" % (images.dtype, images.shape))
    input_name = onnx.load(source, load_external_data=False).graph.input[0].name
    with tempfile.TemporaryDirectory() as work:
        prepared = os.path.join(work, "prepared.onnx")
        # Symbolic shape inference needs sympy; the graph's shapes are static apart from the batch, so
        # ONNX's own inference is enough. The optimisation pass folds what can be folded before the
        # quantizer places its QDQ pairs.
        quant_pre_process(source, prepared, skip_symbolic_shape=True)
        quantize_static(prepared, out, Batches(images, input_name, batch),
                        quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8 if activations == "uint8" else QuantType.QInt8,
                        weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax)
    model = onnx.load(out)
    ops = {}
    for node in model.graph.node:
        ops[node.op_type] = ops.get(node.op_type, 0) + 1
    print(json.dumps({
        "method": "static",
        "format": "QDQ",
        "activations": activations,
        "weights": "int8 per-channel",
        "calibration_method": "MinMax",
        "calibration_images": int(images.shape[0]),
        "onnxruntime": onnxruntime.__version__,
        "onnx": onnx.__version__,
        "opset": max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
        "ir_version": model.ir_version,
        "nodes": ops,
    }))


if __name__ == "__main__":
    main(sys.argv)
