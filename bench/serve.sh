#!/usr/bin/env bash
# Serving benchmark, one run: the engine's raw batched throughput (no HTTP) and the service's
# throughput under wrk at 8 concurrent clients on loopback, their ratio; c=1 latency percentiles
# for a ~10 KB face crop; end-to-end time of a 12-megapixel JPEG (and again with ImageIO alone, without
# libjpeg-turbo, as the decoder's baseline); scene throughput (a 640x480 photo
# with 5 people through /v1/predict: detection plus a classification per face); start-to-ready time; and the
# c=8 throughput again with the prediction log on (SQLite), against the same without it.
# Needs: make (it runs `make build`), Debian's wrk and curl, python3 with PIL (to make the 12 MP JPEG); libturbojpeg-java
# and libturbojpeg0-dev for the libjpeg-turbo numbers.
# Usage: bench/serve.sh    MODEL=models/facemask-resnet18 BACKEND=ONNX WORKERS=2 PORT=18080 DURATION=20 WARMUP=30
#   WORKERS: --inference-workers of the service and callers of the raw baseline (default 2, the service's)
#   SERVE_FLAGS: more `facemask serve` flags, e.g. SERVE_FLAGS="--face-check bundled"
set -euo pipefail
cd "$(dirname "$0")/.."
# Up to date, including the start-up class archive: bin/facemask ignores an archive older than the
# jar (e.g. after `make test`), and start-to-ready then measures ~0.8 s more.
make -s build >/dev/null
MODEL=${MODEL:-models/facemask-resnet18}
BACKEND=${BACKEND:-ONNX}
WORKERS=${WORKERS:-2}
PORT=${PORT:-18080}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
FACE=bench/face-10k.jpg
SCENE=bench/scene-640x480.jpg
BIG=$(mktemp --suffix=.jpg)
LOG=$(mktemp)
VAR=$(mktemp -d)
PID=
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$BIG" "$LOG" "$VAR"' EXIT

/usr/bin/python3 - "$FACE" "$BIG" <<'PY'
import sys
from PIL import Image
# Sensor-like noise over the upscaled face: a smooth upscale alone compresses to ~0.5 MB, while
# real 12 MP photos are 3-6 MB and cost the decoder accordingly.
face = Image.open(sys.argv[1]).convert("RGB").resize((4000, 3000), Image.BICUBIC)
noise = Image.merge("RGB", [Image.effect_noise((4000, 3000), 64)] * 3)
Image.blend(face, noise, 0.25).save(sys.argv[2], "JPEG", quality=92)
PY

# The baseline is the best of several batch sizes, with the service's inference workers, and with
# ONNX Runtime's thread spinning off (the service's setting) and on (its own default).
echo "== raw engine: $BACKEND, random preprocessed input"
RAW=0
for SPIN in false true; do
  for B in 4 8 16; do
    LINE=$(FACEMASK_JAVA_OPTS="-Xmx6g -Dfacemask.ort.spinning=$SPIN" bin/facemask bench-infer --model "$MODEL" \
      --backend "$BACKEND" --batch-size "$B" --callers "$WORKERS" --seconds 10)
    echo "spinning=$SPIN $LINE"
    RAW=$(echo "$LINE" | sed 's/.*images\/s=//' | awk -v best="$RAW" '{print ($1 > best ? $1 : best)}')
  done
done
echo "raw images/s (best): $RAW"

# start_service LOG_SETTING: starts the service, waits until ready, sets PID and READY_MS.
start_service() {
  local start
  start=$(date +%s%N)
  bin/facemask serve --port "$PORT" --host 127.0.0.1 --model "$MODEL" --backend "$BACKEND" \
    --inference-workers "$WORKERS" --prediction-log "$1" --data-dir "$VAR" ${SERVE_FLAGS:-} >"$LOG" 2>&1 &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
    kill -0 "$PID" 2>/dev/null || { cat "$LOG"; exit 1; }
    sleep 0.05
  done
  READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
  # Warm-up: the JIT compiles the request path under load before anything is measured. After 5 s
  # the C2 compiler still took a tenth of the CPU (per-thread CPU time) for another 30 s.
  IMAGE=$FACE wrk -t1 -c8 -d"${WARMUP}s" -s bench/post-image.lua "http://127.0.0.1:$PORT/predict" >/dev/null
}

stop_service() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
}

# big_jpeg FILE: the 12 MP JPEG through /predict, 2 warm-up runs then 5 measured (status, seconds) into FILE.
big_jpeg() {
  echo "== 12-megapixel JPEG ($(stat -c %s "$BIG") bytes), end to end, 5 runs"
  for i in 1 2 3 4 5 6 7; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -F "file=@$BIG" "http://127.0.0.1:$PORT/predict"
  done | tail -5 | tee "$1"
}

c8() {
  IMAGE=$FACE wrk -t1 -c8 -d"${DURATION}s" -s bench/post-image.lua "http://127.0.0.1:$PORT/predict" | tee "$1"
  awk '/Requests\/sec/ {print $2}' "$1"
}

start_service off
echo "start to ready: ${READY_MS} ms (JVM start included)"
echo "== wrk, 8 connections, ${DURATION}s, POST /predict with a $(stat -c %s "$FACE")-byte face, prediction log off"
SERVED=$(c8 /tmp/wrk8.txt | tail -1)
echo "== wrk, 1 connection, ${DURATION}s (latency)"
IMAGE=$FACE wrk -t1 -c1 -d"${DURATION}s" --latency -s bench/post-image.lua "http://127.0.0.1:$PORT/predict" | tee /tmp/wrk1.txt
big_jpeg /tmp/big.txt
SCENE_FACES=$(curl -s -F "file=@$SCENE" "http://127.0.0.1:$PORT/v1/predict" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["faces"]))')
echo "== scene $SCENE ($SCENE_FACES faces found), POST /v1/predict, 8 connections then 1, ${DURATION}s each"
IMAGE=$SCENE wrk -t1 -c8 -d"${DURATION}s" -s bench/post-image.lua "http://127.0.0.1:$PORT/v1/predict" | tee /tmp/wrkscene8.txt
IMAGE=$SCENE wrk -t1 -c1 -d"${DURATION}s" --latency -s bench/post-image.lua "http://127.0.0.1:$PORT/v1/predict" | tee /tmp/wrkscene1.txt
stop_service

# Log on vs off, alternated (on, off, on) so that drift in the machine's speed cancels out.
start_service sqlite
echo "== wrk, 8 connections, ${DURATION}s, prediction log on (SQLite in $VAR)"
LOGGED1=$(c8 /tmp/wrk8log.txt | tail -1)
stop_service
start_service off
echo "== wrk, 8 connections, ${DURATION}s, prediction log off again"
SERVED2=$(c8 /tmp/wrk8b.txt | tail -1)
stop_service
start_service sqlite
echo "== wrk, 8 connections, ${DURATION}s, prediction log on again"
LOGGED2=$(c8 /tmp/wrk8log.txt | tail -1)
stop_service

# The same 12 MP JPEG decoded by ImageIO alone (no libjpeg-turbo), the baseline for the decoder.
FACEMASK_JAVA_OPTS="-Xmx6g -Dfacemask.turbojpeg.jar=none" start_service off
echo "== ImageIO only (-Dfacemask.turbojpeg.jar=none)"
big_jpeg /tmp/big-imageio.txt
stop_service

echo
echo "== summary"
printf "raw engine %s images/s | served at c=8 %s req/s | ratio %.2f\n" "$RAW" "$SERVED" "$(echo "$SERVED / $RAW" | bc -l)"
printf "prediction log on: %s and %s req/s at c=8 | off: %s and %s | on/off %.3f\n" "$LOGGED1" "$LOGGED2" \
  "$SERVED" "$SERVED2" "$(echo "($LOGGED1 + $LOGGED2) / ($SERVED + $SERVED2)" | bc -l)"
awk '$1 ~ /^(50|90|99)%$/ {print "c=1 latency p" $1, $2}' /tmp/wrk1.txt
median() { sort -k2 -g "$1" | awk 'NR==3 {print $2 * 1000 " ms (status " $1 ")"}'; }
echo "12 MP JPEG median end-to-end: $(median /tmp/big.txt) | with ImageIO alone: $(median /tmp/big-imageio.txt)"
printf "scene 640x480, %s faces found: %s images/s at c=8, %s at c=1 (p50 %s)\n" "$SCENE_FACES" \
  "$(awk '/Requests\/sec/ {print $2}' /tmp/wrkscene8.txt)" "$(awk '/Requests\/sec/ {print $2}' /tmp/wrkscene1.txt)" \
  "$(awk '$1 == "50%" {print $2}' /tmp/wrkscene1.txt)"
echo "start to ready with the prediction log (the default): ${READY_MS} ms"
