#!/usr/bin/env bash
# Image size and the service's resident memory inside each image: at idle (ready, then 10 s quiet)
# and under load (wrk, 8 clients posting bench/face-10k.jpg to /predict for DURATION seconds after a
# WARMUP): VmRSS of the Java process at the end of the load and its peak (VmHWM). Containers run as
# .ci/container-smoke.sh runs them (read-only root, 2 CPUs, 1.5 GB). Images: the arguments, by
# default the two that `KEEP_IMAGE=1 .ci/container-smoke.sh` leaves behind.
# Usage: bench/image-footprint.sh [IMAGE...]    PORT=18766 DURATION=10 WARMUP=10
#   RUN_FLAGS: more `podman run` flags, e.g. RUN_FLAGS="-e FACEMASK_MODEL=/app/models/facemask-resnet18"
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18766}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
NAME=face-mask-footprint-$$
CONF=$(mktemp)
trap 'podman rm -f "$NAME" >/dev/null 2>&1 || true; rm -f "$CONF"' EXIT
# As in .ci/container-smoke.sh: runc, and an open-files limit Java can live with.
printf '[engine]\nruntime = "runc"\n[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n' >"$CONF"
export CONTAINERS_CONF=$CONF
[ $# -gt 0 ] || set -- localhost/face-mask-ci:latest localhost/face-mask-ci:edge
kb() { podman exec "$NAME" grep "^$1:" /proc/1/status | awk '{printf "%.0f", $2 / 1024}'; }
printf "%-34s %8s %10s %12s %12s %14s\n" image "size MB" "ready ms" "idle RSS MB" "load RSS MB" "peak RSS MB"
for IMAGE in "$@"; do
  START=$(date +%s%N)
  podman run -d --name "$NAME" -p "127.0.0.1:$PORT:8080" --read-only --tmpfs /tmp --no-healthcheck \
    --cpus 2 --memory 1536m ${RUN_FLAGS:-} "$IMAGE" >/dev/null
  until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
    [ "$(podman inspect -f '{{.State.Running}}' "$NAME")" = true ] || { podman logs "$NAME" | tail; exit 1; }
    sleep 0.1
  done
  READY=$(( ($(date +%s%N) - START) / 1000000 ))
  sleep 10
  IDLE=$(kb VmRSS)
  IMAGE=bench/face-10k.jpg wrk -t1 -c8 -d"${WARMUP}s" -s bench/post-image.lua "http://127.0.0.1:$PORT/predict" >/dev/null
  IMAGE=bench/face-10k.jpg wrk -t1 -c8 -d"${DURATION}s" -s bench/post-image.lua "http://127.0.0.1:$PORT/predict" \
    >/tmp/footprint-wrk.txt
  LOAD=$(kb VmRSS)
  PEAK=$(kb VmHWM)
  RPS=$(awk '/Requests\/sec/ {print $2}' /tmp/footprint-wrk.txt)
  SIZE=$(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f", $1 / 1e6}')
  printf "%-34s %8s %10s %12s %12s %14s   (%s requests/s)\n" "$IMAGE" "$SIZE" "$READY" "$IDLE" "$LOAD" "$PEAK" "$RPS"
  podman rm -f "$NAME" >/dev/null
done
