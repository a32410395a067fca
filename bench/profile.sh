#!/usr/bin/env bash
# Where a lone request's time goes: the service's own stage timings (its Server-Timing header:
# upload reading, decode, detection, queue, inference, log) for N sequential POST /predict of a
# ~10 KB face, as medians, beside wrk's end-to-end p50 at one client. What the stages do not
# cover is HTTP parsing, routing, JSON and the loopback round trip.
# Needs: make (it runs `make build`), Debian's wrk and curl, python3.
# Usage: bench/profile.sh    MODEL=models/facemask-resnet18 N=300 PORT=18080 WARMUP=20 LOG=off
#   LOG: --prediction-log of the service (off, or sqlite to see the log's share)
#   SERVE_FLAGS: more `facemask serve` flags
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
make -s build >/dev/null
MODEL=${MODEL:-models/facemask-resnet18}
N=${N:-300}
PORT=${PORT:-18080}
WARMUP=${WARMUP:-20}
LOG=${LOG:-off}
FACE=bench/face-10k.jpg
WORK=$(mktemp -d)
PID=
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

bin/facemask serve --port "$PORT" --host 127.0.0.1 --model "$MODEL" --prediction-log "$LOG" --data-dir "$WORK" \
  ${SERVE_FLAGS:-} >"$WORK/service.log" 2>&1 &
PID=$!
wait_ready "http://127.0.0.1:$PORT/health/ready" "$PID" "$WORK/service.log"
URL="http://127.0.0.1:$PORT/predict"
IMAGE=$FACE wrk -t1 -c8 -d"${WARMUP}s" -s bench/post-image.lua "$URL" >/dev/null

for i in $(seq "$N"); do
  curl -s -o /dev/null -D - -F "file=@$FACE" "$URL" | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: //p'
done >"$WORK/timings"
IMAGE=$FACE wrk -t1 -c1 -d15s --latency -s bench/post-image.lua "$URL" >"$WORK/wrk1.txt"

/usr/bin/python3 - "$WORK/timings" "$WORK/wrk1.txt" <<'PY'
import re, statistics, sys
stages = {}
for line in open(sys.argv[1]):
    for name, dur in re.findall(r"(\w+);dur=([0-9.]+)", line):
        stages.setdefault(name, []).append(float(dur))
wrk = open(sys.argv[2]).read()
m = re.search(r"^\s*50%\s+([0-9.]+)(us|ms|s)\s*$", wrk, re.M)
p50 = float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
inside = 0.0
print(f"{len(next(iter(stages.values())))} requests, medians in ms:")
for name, values in stages.items():
    med = statistics.median(values)
    inside += med
    print(f"  {name:<10} {med:7.2f}")
print(f"  {'sum':<10} {inside:7.2f}")
print(f"wrk c=1 p50 {p50:.2f} ms: HTTP, routing, JSON and loopback ~{p50 - inside:.2f} ms")
PY
