#!/usr/bin/env bash
# Side by side with the peer a Python team would deploy: FastAPI + uvicorn + ONNX Runtime serving
# this project's own model exported to ONNX (../shared/anchors/fastapi_ort_app.py: same 112 px
# resize and normalisation, the seed's /predict contract, no batching). Both servers run at once
# (an idle one costs nothing); wrk measures them alternately, ROUNDS times, peer first in odd
# rounds and the service first in even ones, so that drift in the machine's speed cancels out.
# Per round and server: req/s at 1, 8 and 32 clients, and p50/p99 at 1 client. Prints every run,
# then the medians over the rounds and the service/peer ratios.
# Needs: make (it runs `make build`), Debian's wrk and curl, python3, and the peer's packages:
# a venv at PEER_VENV with onnxruntime fastapi uvicorn python-multipart pillow numpy (made here if
# missing, from the machine's wheel index; no internet needed where one is configured).
# Usage: bench/peer.sh    MODEL=models/facemask-resnet18 ROUNDS=3 DURATION=15 WARMUP=30
#   PEER_APP_DIR=../shared/anchors PEER_VENV=/tmp/peer PORT=18080 PEER_PORT=18971
#   SERVE_FLAGS: more `facemask serve` flags for the service
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
make -s build >/dev/null
MODEL=${MODEL:-models/facemask-resnet18}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-30}
PORT=${PORT:-18080}
PEER_PORT=${PEER_PORT:-18971}
PEER_APP_DIR=$(realpath "${PEER_APP_DIR:-../shared/anchors}")
PEER_VENV=${PEER_VENV:-/tmp/peer}
FACE=bench/face-10k.jpg
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ ! -x "$PEER_VENV/bin/uvicorn" ]; then
  python3 -m venv "$PEER_VENV"
  "$PEER_VENV/bin/pip" install -q onnxruntime fastapi uvicorn python-multipart pillow numpy
fi
bin/facemask export-onnx --model "$MODEL" --out "$WORK/model.onnx" >/dev/null

(cd "$PEER_APP_DIR" && FM_ONNX="$WORK/model.onnx" exec "$PEER_VENV/bin/python" -m uvicorn fastapi_ort_app:app \
  --host 127.0.0.1 --port "$PEER_PORT" --workers 1 --log-level warning) >"$WORK/peer.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PEER_PORT/health" "${PIDS[-1]}" "$WORK/peer.log"
bin/facemask serve --port "$PORT" --host 127.0.0.1 --model "$MODEL" --prediction-log off ${SERVE_FLAGS:-} \
  >"$WORK/service.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PORT/health/ready" "${PIDS[-1]}" "$WORK/service.log"

# Both answer the same contract for the same image: a sanity check before timing anything.
echo "peer:    $(curl -s -F "file=@$FACE" "http://127.0.0.1:$PEER_PORT/predict")"
echo "service: $(curl -s -F "file=@$FACE" "http://127.0.0.1:$PORT/predict")"

declare -A URL=([peer]="http://127.0.0.1:$PEER_PORT/predict" [service]="http://127.0.0.1:$PORT/predict")
for who in peer service; do
  IMAGE=$FACE wrk -t1 -c8 -d"${WARMUP}s" -s bench/post-image.lua "${URL[$who]}" >/dev/null
done

# measure WHO ROUND: one row "WHO ROUND rps1 p50 p99 rps8 rps32" (latencies in ms) into $WORK/rows.
measure() {
  local out="$WORK/$1-$2" c
  for c in 1 8 32; do
    IMAGE=$FACE wrk -t1 -c"$c" -d"${DURATION}s" --latency -s bench/post-image.lua "${URL[$1]}" >"$out-c$c.txt"
    if grep -q "error answers (status >= 400): [1-9]" "$out-c$c.txt"; then
      echo "$1 answered errors at c=$c:"; cat "$out-c$c.txt"; exit 1
    fi
  done
  ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$2"; }
  rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
  echo "$1 $2 $(rps "$out-c1.txt") $(ms 50% "$out-c1.txt") $(ms 99% "$out-c1.txt") $(rps "$out-c8.txt")" \
    "$(rps "$out-c32.txt")" | tee -a "$WORK/rows"
}

echo "who round c1_req/s c1_p50_ms c1_p99_ms c8_req/s c32_req/s"
for round in $(seq "$ROUNDS"); do
  if (( round % 2 )); then order="peer service"; else order="service peer"; fi
  for who in $order; do
    measure "$who" "$round"
  done
done

echo
echo "== medians over $ROUNDS rounds, and service / peer"
/usr/bin/python3 - "$WORK/rows" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
cols = ["c1 req/s", "c1 p50 ms", "c1 p99 ms", "c8 req/s", "c32 req/s"]
med = {who: [statistics.median(float(r[i + 2]) for r in rows if r[0] == who) for i in range(len(cols))]
       for who in ("peer", "service")}
print("| | " + " | ".join(cols) + " |")
print("|---|" + "---|" * len(cols))
for who in ("peer", "service"):
    print(f"| {who} | " + " | ".join(f"{v:.1f}" for v in med[who]) + " |")
print("| service / peer | " + " | ".join(f"{s / p:.2f}x" for s, p in zip(med["service"], med["peer"])) + " |")
PY
