#!/usr/bin/env bash
# int8 against float32, one run: mask-or-not and three-class accuracy on every validation source
# (`facemask evaluate --backend ONNX --mask-or-not`, as `make evaluate-sources`), the raw engine's
# throughput (`bench-infer --backend ONNX`: batch 16 with the service's 2 callers, and batch 1 with
# one caller, whose inverse is the single-image latency), and the service's c=1 latency under wrk.
# The speed runs alternate float32 and int8, ROUNDS times, so that other work on the machine's
# shared cores weighs on both alike; every run is printed, then the medians. The process's CPU time
# per image is printed too: it depends far less on what else runs than images per second do.
# Needs: `make build`, INT8 (shipped, or from `make quantize`), the sources of `make data-sources`, wrk and curl.
# Usage: bench/int8.sh    MODEL=models/facemask-resnet18 INT8=models/facemask-resnet18-int8
#   SOURCES=sources TWELVE_K=../shared/datasets/face-mask-12k ROUNDS=5 SECONDS_PER_RUN=10 PORT=18090
#   SKIP_ACCURACY=1 skips the evaluations.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
MODEL=${MODEL:-models/facemask-resnet18}
INT8=${INT8:-models/facemask-resnet18-int8}
SOURCES=${SOURCES:-sources}
TWELVE_K=${TWELVE_K:-../shared/datasets/face-mask-12k}
ROUNDS=${ROUNDS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
PORT=${PORT:-18090}
FACE=bench/face-10k.jpg
OUT=$(mktemp -d)
PID=
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
[ -f "$INT8/model.json" ] || { echo "no int8 model in $INT8: run 'make quantize INT8=$INT8' first" >&2; exit 1; }

if [ -z "${SKIP_ACCURACY:-}" ]; then
  for M in "$MODEL" "$INT8"; do
    bin/facemask evaluate --backend ONNX --mask-or-not --model "$M" --json "$OUT/eval-$(basename "$M").json" \
      --data classification="$SOURCES/classification/val" --data 12k="$TWELVE_K/validation" \
      --data scenes-heldout="$SOURCES/scenes-heldout" --data mfn="$SOURCES/mfn/val" >/dev/null
  done
  echo "== accuracy per source: mask-or-not (three-class), float32 -> int8"
  /usr/bin/python3 - "$OUT/eval-$(basename "$MODEL").json" "$OUT/eval-$(basename "$INT8").json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
print("%-16s %6s %18s %18s %9s" % ("source", "n", "float32", "int8", "delta"))
for name, s in a["sources"].items():
    t = b["sources"][name]
    print("%-16s %6d %8.4f (%.4f) %8.4f (%.4f) %+9.4f" % (name, s["n"], s["mask_or_not_accuracy"], s["accuracy"],
          t["mask_or_not_accuracy"], t["accuracy"], t["mask_or_not_accuracy"] - s["mask_or_not_accuracy"]))
PY
fi

field() { sed "s|.*$1=\([0-9.]*\).*|\1|"; }
echo "== raw engine, ONNX Runtime, random preprocessed input, ${SECONDS_PER_RUN}s per run, alternating"
for R in $(seq "$ROUNDS"); do
  for M in "$MODEL" "$INT8"; do
    L16=$(bin/facemask bench-infer --model "$M" --backend ONNX --batch-size 16 --callers 2 --seconds "$SECONDS_PER_RUN")
    L1=$(bin/facemask bench-infer --model "$M" --backend ONNX --batch-size 1 --callers 1 --seconds "$SECONDS_PER_RUN")
    B16=$(echo "$L16" | field "images/s"); C16=$(echo "$L16" | field "cpu_ms/image")
    B1=$(echo "$L1" | field "images/s"); C1=$(echo "$L1" | field "cpu_ms/image")
    echo "round $R $(basename "$M"): batch 16 x 2 callers $B16 images/s ($C16 CPU ms/image)" \
      "| batch 1 x 1 caller $B1 images/s ($C1 CPU ms/image)"
    echo "$(basename "$M") $B16 $B1 $C16 $C1" >>"$OUT/raw.txt"
  done
done

echo "== service, POST /predict with a $(stat -c %s "$FACE")-byte face, 1 connection, ${SECONDS_PER_RUN}s per run, alternating"
for R in $(seq "$ROUNDS"); do
  for M in "$MODEL" "$INT8"; do
    bin/facemask serve --port "$PORT" --host 127.0.0.1 --model "$M" --backend ONNX --prediction-log off \
      --data-dir "$OUT/var" >"$OUT/serve.log" 2>&1 &
    PID=$!
    wait_ready "http://127.0.0.1:$PORT/health/ready" "$PID" "$OUT/serve.log"
    IMAGE=$FACE wrk -t1 -c8 -d"${SECONDS_PER_RUN}s" -s bench/post-image.lua "http://127.0.0.1:$PORT/predict" >/dev/null
    IMAGE=$FACE wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s bench/post-image.lua \
      "http://127.0.0.1:$PORT/predict" >"$OUT/wrk1.txt"
    P50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk1.txt")
    P99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk1.txt")
    RPS=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk1.txt")
    echo "round $R $(basename "$M"): c=1 p50 $P50 p99 $P99 ($RPS req/s)"
    echo "$(basename "$M") $P50 $P99 $RPS" >>"$OUT/c1.txt"
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
  done
done

echo "== medians over $ROUNDS rounds"
/usr/bin/python3 - "$OUT/raw.txt" "$OUT/c1.txt" <<'PY'
import statistics, sys
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
raw, c1 = {}, {}
for line in open(sys.argv[1]):
    m, b16, b1, cpu16, cpu1 = line.split()
    raw.setdefault(m, []).append((float(b16), float(b1), float(cpu16), float(cpu1)))
for line in open(sys.argv[2]):
    m, p50, p99, rps = line.split()
    c1.setdefault(m, []).append((ms(p50), ms(p99), float(rps)))
for m in raw:
    b16, b1, cpu16, cpu1 = (statistics.median(r[i] for r in raw[m]) for i in range(4))
    p50 = statistics.median(r[0] for r in c1[m]); p99 = statistics.median(r[1] for r in c1[m])
    print("%-26s raw batch 16: %6.1f images/s, %5.2f CPU ms/image | batch 1: %6.1f images/s, %5.2f CPU ms/image"
          " | served c=1 p50 %6.2f ms, p99 %6.2f ms" % (m, b16, cpu16, b1, cpu1, p50, p99))
PY
