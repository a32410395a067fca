#!/usr/bin/env bash
# Builds the image from the committed Dockerfile with podman (no Docker engine or registry here),
# runs it as Kubernetes would (read-only root, writable /tmp and data folder, non-root), waits for
# /health/ready, posts a fixture face to /predict, checks the answer, then removes the container
# and the image. The Debian base image (debootstrap) and podman's layer cache are kept between
# runs; the host's Maven repository is mounted into the build so nothing is downloaded twice.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=localhost/face-mask-ci:latest
BASE=localhost/debian-base:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PORT=${SMOKE_PORT:-18765}
FIXTURE=src/test/resources/fixtures/faces/with_mask/with_mask_00.jpg
CONF=$(mktemp)
BUILD_LOG=$(mktemp)
NAME=face-mask-smoke-$$
cleanup() {
  podman rm -f "$NAME" >/dev/null 2>&1 || true
  podman volume rm -f "$NAME" >/dev/null 2>&1 || true
  [ -n "${KEEP_IMAGE:-}" ] || podman rmi -f "$TAG" >/dev/null 2>&1 || true
  rm -f "$CONF" "$BUILD_LOG"
}
trap cleanup EXIT

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get install -y -q podman runc debootstrap >/dev/null 2>&1 \
    || (apt-get update -q >/dev/null && apt-get install -y -q podman runc debootstrap >/dev/null)
fi
# crun refuses this machine's hybrid cgroups; the default open-files limit is too low for Java.
cat >"$CONF" <<CONF
[engine]
runtime = "runc"
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
CONF
export CONTAINERS_CONF=$CONF

if ! podman image exists "$BASE"; then
  ROOTFS=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >/dev/null
  tar -C "$ROOTFS" -c . | podman import - "$BASE" >/dev/null 2>&1
  rm -rf "$ROOTFS"
fi

START=$(date +%s)
# Maven runs offline on the host's repository (filled by the build that precedes this script):
# nothing is downloaded twice, and this machine's HTTPS egress CA never has to enter the image.
podman build -q --format docker --build-arg BUILD_BASE="$BASE" --build-arg RUN_BASE="$BASE" --build-arg MAVEN_FLAGS=-o \
  -v "$HOME/.m2:/root/.m2" -t "$TAG" . >"$BUILD_LOG" 2>&1 || { tail -40 "$BUILD_LOG"; exit 1; }
echo "image built in $(( $(date +%s) - START )) s; size $(podman image inspect "$TAG" --format '{{.Size}}' \
  | awk '{printf "%.0f MB", $1 / 1e6}')"

START_NS=$(date +%s%N)
# A named volume for the log (like the pod's emptyDir): it starts as the image's folder, owned by uid 10001.
podman run -d --name "$NAME" -p "127.0.0.1:$PORT:8080" --read-only --tmpfs /tmp --no-healthcheck \
  -v "$NAME:/var/lib/facemask" --cpus 2 --memory 1536m "$TAG" >/dev/null
until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
  if [ "$(podman inspect -f '{{.State.Running}}' "$NAME")" != true ] \
      || [ $(( ($(date +%s%N) - START_NS) / 1000000000 )) -gt 120 ]; then
    podman logs "$NAME" | tail -30
    echo "container did not get ready" >&2
    exit 1
  fi
  sleep 0.1
done
echo "container start to ready: $(( ($(date +%s%N) - START_NS) / 1000000 )) ms"

ANSWER=$(curl -fsS -F "file=@$FIXTURE" "http://127.0.0.1:$PORT/predict")
echo "POST /predict → $ANSWER"
# Exactly the two class keys, probabilities summing to 1, and the masked fixture called "mask".
echo "$ANSWER" | /usr/bin/python3 -c '
import json, sys
p = json.load(sys.stdin)
assert sorted(p) == ["mask", "no_mask"], p
assert abs(p["mask"] + p["no_mask"] - 1) < 1e-4, p
assert p["mask"] > 0.5, p
'
# The shipped detectors work inside the image: the scene fixture's three annotated faces (at least) are found.
curl -fsS -F "file=@src/test/resources/fixtures/scenes/images/maksssksksss0.jpg" "http://127.0.0.1:$PORT/v1/predict" \
  | /usr/bin/python3 -c '
import json, sys
body = json.load(sys.stdin)
assert len(body["faces"]) >= 3 and body["summary"]["basis"] == "faces", body
print("POST /v1/predict (scene) → %d faces: %s" % (len(body["faces"]), body["summary"]))
'
STATUS=$(curl -s -o /dev/null -w "%{http_code}" -F "file=@README.md" "http://127.0.0.1:$PORT/predict")
[ "$STATUS" = 415 ] || { echo "a text upload got $STATUS, expected 415" >&2; exit 1; }
podman exec "$NAME" id -u | grep -qx 10001 || { echo "the service does not run as uid 10001" >&2; exit 1; }
# The libtorch runtime unpacked at build time is usable by the service user (read-only root).
podman exec "$NAME" /app/bin/facemask predict --backend DJL /app/models/facemask-resnet18/confusion.png >/dev/null \
  || { echo "--backend DJL does not work inside the container" >&2; exit 1; }
# The deployment's preStop hook runs `sleep` inside this image.
podman exec "$NAME" sleep 0 || { echo "the image has no sleep for the preStop hook" >&2; exit 1; }
# SIGTERM (what Kubernetes sends after preStop): a graceful stop well inside the grace period.
STOP_START=$(date +%s%N)
podman stop -t 30 "$NAME" >/dev/null
STOP_MS=$(( ($(date +%s%N) - STOP_START) / 1000000 ))
EXIT=$(podman inspect -f '{{.State.ExitCode}}' "$NAME")
echo "SIGTERM to exit: $STOP_MS ms, exit code $EXIT"
[ "$STOP_MS" -lt 20000 ] || { echo "the service took $STOP_MS ms to stop after SIGTERM" >&2; exit 1; }
# Informational: libjpeg-turbo is optional (the Dockerfile goes on without it).
podman logs "$NAME" 2>&1 | grep -o "JPEGs by [A-Za-z-]*" || echo "the service did not say how it decodes JPEGs"
echo "container smoke test passed"
