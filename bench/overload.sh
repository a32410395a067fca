#!/usr/bin/env bash
# Overload benchmark: does the service's useful throughput hold when far more clients call than it
# can serve? Starts the service, warms it up, records its idle resident memory (VmRSS), then runs
# bench/LoadClient.java (closed loop, one keep-alive connection per client, POST /predict with a
# ~10 KB face) at each number of CLIENTS for DURATION seconds and prints a markdown table: useful
# predictions/s (HTTP 200), 503/s, other answers/s, p50/p99 latency of the 200 answers alone (the
# fast 503s are kept apart), the server's max RSS against idle, hung requests (no answer within
# TIMEOUT_MS) and the ratio of predictions/s to the 8-client run.
# Gate, at GATE_CLIENTS (128 and 256) clients: predictions/s >= MIN_RATIO (0.8) x the 8-client
# figure; p99 of the 200 answers <= MAX_P99_MS (1000); max RSS <= MAX_RSS_RATIO (1.5) x idle RSS;
# no hung requests. Prints PASS/FAIL per criterion and exits 1 if any fails.
# Needs: make (it runs `make build`), a JDK 17 (javac, java), curl. The client shares the cores
# with the server; it costs a few % of one core at 8 clients (its line prints its CPU use).
# Usage: bench/overload.sh    MODEL=models/facemask-resnet18 PORT=18080 DURATION=60 WARMUP=20
#          CLIENTS="8 32 128 256" REST=5 RAMP=5 TIMEOUT_MS=30000 IMAGE=bench/face-10k.jpg
#   LOG: --prediction-log of the service, off (default) or sqlite
#   SERVE_FLAGS: more `facemask serve` flags, e.g. SERVE_FLAGS="--queue-capacity 16"
#   RAMP: seconds each run spends connecting and settling before its DURATION is measured
#   OUT: folder to keep each run's JSON (client-N.json) in; default a temporary folder
#   REQUEST_PATH: the path to POST to (default /predict)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
make -s build >/dev/null
MODEL=${MODEL:-models/facemask-resnet18}
PORT=${PORT:-18080}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
CLIENTS=${CLIENTS:-8 32 128 256}
GATE_CLIENTS=${GATE_CLIENTS:-128 256}
REST=${REST:-5}
RAMP=${RAMP:-5}
TIMEOUT_MS=${TIMEOUT_MS:-30000}
IMAGE=${IMAGE:-bench/face-10k.jpg}
LOG=${LOG:-off}
REQUEST_PATH=${REQUEST_PATH:-/predict}
MIN_RATIO=${MIN_RATIO:-0.8}
MAX_P99_MS=${MAX_P99_MS:-1000}
MAX_RSS_RATIO=${MAX_RSS_RATIO:-1.5}
URL="http://127.0.0.1:$PORT$REQUEST_PATH"

SERVER_LOG=$(mktemp)
VAR=$(mktemp -d)
CLASSES=$(mktemp -d)
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  KEEP_OUT=1
else
  OUT=$(mktemp -d)
  KEEP_OUT=0
fi
PID=
cleanup() {
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$SERVER_LOG" "$VAR" "$CLASSES"
  [ "$KEEP_OUT" = 1 ] || rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The client compiled once (the source launcher would compile it at every run, on the same cores).
javac -d "$CLASSES" bench/LoadClient.java
# load N SECONDS WARMUP JSON: one client run against the service.
load() {
  java -XX:+UseSerialGC -Xmx256m -Xss256k -cp "$CLASSES" LoadClient --url "$URL" --image "$IMAGE" \
    --clients "$1" --seconds "$2" --warmup "$3" --timeout-ms "$TIMEOUT_MS" --pid "$PID" --json "$4"
}
# json_value FILE KEY: a number from the client's flat JSON.
json_value() {
  sed -n "s/^  \"$2\": \([-0-9.]*\),\{0,1\}$/\1/p" "$1"
}
rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$PID/status"
}

echo "== machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
bin/facemask serve --port "$PORT" --host 127.0.0.1 --model "$MODEL" --prediction-log "$LOG" \
  --data-dir "$VAR" ${SERVE_FLAGS:-} >"$SERVER_LOG" 2>&1 &
PID=$!
wait_ready "http://127.0.0.1:$PORT/health/ready" "$PID" "$SERVER_LOG"
echo "== service ready (pid $PID, prediction log $LOG${SERVE_FLAGS:+, $SERVE_FLAGS}); warm-up ${WARMUP}s at 8 clients"
# Warm-up: the JIT compiles the request path under load before anything is measured.
load 8 "$WARMUP" 0 "$OUT/warmup.json" >/dev/null
sleep 2
IDLE_KB=$(rss_kb)
printf "idle RSS after warm-up: %.0f MB\n" "$(echo "$IDLE_KB / 1024" | bc -l)"

RAN=()
DIED=0
for N in $CLIENTS; do
  sleep "$REST"
  kill -0 "$PID" 2>/dev/null || { DIED=1; break; }
  wait_ready "http://127.0.0.1:$PORT/health/ready" "$PID" "$SERVER_LOG"
  echo "== $N clients, ${RAMP}s ramp + ${DURATION}s measured, POST $REQUEST_PATH with $(stat -c %s "$IMAGE") bytes"
  load "$N" "$DURATION" "$RAMP" "$OUT/client-$N.json"
  RAN+=("$N")
  kill -0 "$PID" 2>/dev/null || { DIED=1; echo "the service died during the $N-client run:"; tail -30 "$SERVER_LOG"; break; }
done

# The baseline is the 8-client run (or the first run when CLIENTS has no 8).
BASE_N=${RAN[0]:-}
for N in "${RAN[@]}"; do
  [ "$N" != 8 ] || BASE_N=8
done
BASE_OK=$( [ -n "$BASE_N" ] && json_value "$OUT/client-$BASE_N.json" ok_per_second || echo 0)

echo
printf "Idle RSS after warm-up: %.0f MB. " "$(echo "$IDLE_KB / 1024" | bc -l)"
echo "Each run: ${DURATION}s measured after a ${RAMP}s ramp; hung = no answer within ${TIMEOUT_MS} ms."
echo
echo "| clients | predictions/s | 503/s | other/s | conn errors | p50 / p99 of 200s (ms) | RSS max (MB) and × idle | hung | predictions/s ÷ $BASE_N clients |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for N in "${RAN[@]}"; do
  F="$OUT/client-$N.json"
  awk -v n="$N" -v ok="$(json_value "$F" ok_per_second)" -v busy="$(json_value "$F" busy_per_second)" \
    -v other="$(json_value "$F" other_per_second)" -v err="$(json_value "$F" connection_errors)" \
    -v p50="$(json_value "$F" ok_p50_ms)" -v p99="$(json_value "$F" ok_p99_ms)" \
    -v rss="$(json_value "$F" rss_max_kb)" -v idle="$IDLE_KB" -v hung="$(json_value "$F" hung)" -v base="$BASE_OK" \
    'function lat(v) { return v < 0 ? "–" : sprintf("%.0f", v) }
     BEGIN { printf "| %d | %.1f | %.1f | %.1f | %d | %s / %s | %.0f (%.2f×) | %d | %s |\n", n, ok, busy, other, err,
       lat(p50), lat(p99), rss / 1024, rss / idle, hung, (base > 0 ? sprintf("%.2f", ok / base) : "–") }'
done
echo

FAIL=0
# check LABEL OK(0/1) DETAIL
check() {
  if [ "$2" = 1 ]; then echo "PASS $1: $3"; else echo "FAIL $1: $3"; FAIL=1; fi
}
[ "$DIED" = 0 ] || check "service alive" 0 "the service exited during the runs"
[ "$BASE_N" = 8 ] || check "8-client baseline" 0 "CLIENTS has no 8-client run; ratios are to ${BASE_N:-nothing}"
GATED=0
for N in $GATE_CLIENTS; do
  F="$OUT/client-$N.json"
  if [ ! -f "$F" ]; then
    case " $CLIENTS " in *" $N "*) check "$N clients" 0 "no result (the run did not complete)";; esac
    continue
  fi
  GATED=1
  OK=$(json_value "$F" ok_per_second)
  P99=$(json_value "$F" ok_p99_ms)
  RSS=$(json_value "$F" rss_max_kb)
  HUNG=$(json_value "$F" hung)
  check "$N clients, throughput" "$(awk -v a="$OK" -v b="$BASE_OK" -v r="$MIN_RATIO" 'BEGIN { print ((b > 0 && a >= r * b) ? 1 : 0) }')" \
    "$(awk -v a="$OK" -v b="$BASE_OK" -v r="$MIN_RATIO" -v n="$BASE_N" 'BEGIN { printf "%.1f predictions/s = %.2f × the %s-client %.1f (need >= %s)", a, (b > 0 ? a / b : 0), n, b, r }')"
  check "$N clients, p99 of 200s" "$(awk -v p="$P99" -v m="$MAX_P99_MS" 'BEGIN { print ((p >= 0 && p <= m) ? 1 : 0) }')" \
    "$(awk -v p="$P99" -v m="$MAX_P99_MS" 'BEGIN { if (p < 0) printf "no 200 answers"; else printf "%.0f ms (need <= %s ms)", p, m }')"
  check "$N clients, memory" "$(awk -v r="$RSS" -v i="$IDLE_KB" -v m="$MAX_RSS_RATIO" 'BEGIN { print ((r > 0 && r <= m * i) ? 1 : 0) }')" \
    "$(awk -v r="$RSS" -v i="$IDLE_KB" -v m="$MAX_RSS_RATIO" 'BEGIN { printf "max RSS %.0f MB = %.2f × idle %.0f MB (need <= %s×)", r / 1024, r / i, i / 1024, m }')"
  check "$N clients, no hung requests" "$([ "$HUNG" = 0 ] && echo 1 || echo 0)" "$HUNG without an answer within $TIMEOUT_MS ms"
done
[ "$GATED" = 1 ] || [ "$FAIL" = 1 ] || echo "(no run at GATE_CLIENTS=\"$GATE_CLIENTS\": nothing gated)"
[ "$KEEP_OUT" = 0 ] || echo "JSON per run in $OUT"
exit "$FAIL"
