#!/usr/bin/env bash
# Builds the images from the committed Dockerfile with podman (no Docker engine or registry here):
# the full one, then the edge one (--target edge: ONNX Runtime alone); runs each as Kubernetes would
# (read-only root, writable /tmp and data folder, non-root), waits for /health/ready, posts a fixture
# face to /predict and a scene photo to /v1/predict, checks the answers, then removes the containers
# and the images. SMOKE_TARGETS="full" (or "edge") checks one of them. The Debian base image
# (debootstrap) and podman's layer cache are kept between runs; the host's Maven repository is
# mounted into the build so nothing is downloaded twice.
set -euo pipefail
cd "$(dirname "$0")/.."
TAGS=()
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
  if [ -z "${KEEP_IMAGE:-}" ]; then
    for T in "${TAGS[@]}"; do podman rmi -f "$T" >/dev/null 2>&1 || true; done
  fi
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

# build TARGET TAG: builds one stage of the Dockerfile. Maven runs offline on the host's repository
# (filled by the build that precedes this script): nothing is downloaded twice, and this machine's
# HTTPS egress CA never has to enter the image. The edge build reuses the full build's cached stages.
build() {
  local start
  start=$(date +%s)
  TAGS+=("$2")
  podman build -q --format docker --target "$1" --build-arg BUILD_BASE="$BASE" --build-arg RUN_BASE="$BASE" \
    --build-arg EDGE_BASE="$BASE" --build-arg MAVEN_FLAGS=-o -v "$HOME/.m2:/root/.m2" -t "$2" . >"$BUILD_LOG" 2>&1 \
    || { tail -40 "$BUILD_LOG"; exit 1; }
  echo "$1 image built in $(( $(date +%s) - start )) s; size $(podman image inspect "$2" --format '{{.Size}}' \
    | awk '{printf "%.0f MB", $1 / 1e6}')"
}

# smoke TARGET TAG: runs the image and checks it.
smoke() {
  local start_ns answer status stop_start stop_ms exit_code
  start_ns=$(date +%s%N)
  # A named volume for the log (like the pod's emptyDir): it starts as the image's folder, owned by uid 10001.
  podman run -d --name "$NAME" -p "127.0.0.1:$PORT:8080" --read-only --tmpfs /tmp --no-healthcheck \
    -v "$NAME:/var/lib/facemask" --cpus 2 --memory 1536m "$2" >/dev/null
  until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
    if [ "$(podman inspect -f '{{.State.Running}}' "$NAME")" != true ] \
        || [ $(( ($(date +%s%N) - start_ns) / 1000000000 )) -gt 120 ]; then
      podman logs "$NAME" | tail -30
      echo "$1: container did not get ready" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "$1: container start to ready: $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"

  answer=$(curl -fsS -F "file=@$FIXTURE" "http://127.0.0.1:$PORT/predict")
  echo "$1: POST /predict → $answer"
  # Exactly the two class keys, probabilities summing to 1, and the masked fixture called "mask".
  echo "$answer" | /usr/bin/python3 -c '
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
  status=$(curl -s -o /dev/null -w "%{http_code}" -F "file=@README.md" "http://127.0.0.1:$PORT/predict")
  [ "$status" = 415 ] || { echo "$1: a text upload got $status, expected 415" >&2; exit 1; }
  podman exec "$NAME" id -u | grep -qx 10001 || { echo "$1: the service does not run as uid 10001" >&2; exit 1; }
  if [ "$1" = full ]; then
    # The libtorch runtime unpacked at build time is usable by the service user (read-only root).
    podman exec "$NAME" /app/bin/facemask predict --backend DJL /app/models/facemask-resnet18/confusion.png >/dev/null \
      || { echo "--backend DJL does not work inside the container" >&2; exit 1; }
  else
    # The edge image has no DJL: asking for it is a clear error (exit 2), not a crash.
    podman exec "$NAME" /app/bin/facemask predict --backend DJL /app/models/facemask-resnet18/confusion.png \
      >/dev/null 2>"$BUILD_LOG" && { echo "edge: --backend DJL unexpectedly worked" >&2; exit 1; }
    grep -q "DJL is not part of this build" "$BUILD_LOG" || { cat "$BUILD_LOG"; echo "edge: unclear DJL error" >&2; exit 1; }
    # It serves the shipped int8 model.
    curl -fsS -F "file=@$FIXTURE" "http://127.0.0.1:$PORT/v1/predict" | grep -q '"name":"facemask-resnet18-int8"' \
      || { echo "edge: the service does not answer with the int8 model" >&2; exit 1; }
    # Annotated images draw text: the fonts the jlinked runtime needs are there.
    status=$(curl -s -o /dev/null -w "%{http_code}" -F "file=@$FIXTURE" "http://127.0.0.1:$PORT/v1/annotate")
    [ "$status" = 200 ] || { echo "edge: /v1/annotate got $status" >&2; exit 1; }
  fi
  # The deployment's preStop hook runs `sleep` inside this image.
  podman exec "$NAME" sleep 0 || { echo "$1: the image has no sleep for the preStop hook" >&2; exit 1; }
  # SIGTERM (what Kubernetes sends after preStop): a graceful stop well inside the grace period.
  stop_start=$(date +%s%N)
  podman stop -t 30 "$NAME" >/dev/null
  stop_ms=$(( ($(date +%s%N) - stop_start) / 1000000 ))
  exit_code=$(podman inspect -f '{{.State.ExitCode}}' "$NAME")
  echo "$1: SIGTERM to exit: $stop_ms ms, exit code $exit_code"
  [ "$stop_ms" -lt 20000 ] || { echo "$1: the service took $stop_ms ms to stop after SIGTERM" >&2; exit 1; }
  # Informational: libjpeg-turbo is optional (the Dockerfile goes on without it; the edge image has none).
  podman logs "$NAME" 2>&1 | grep -o "JPEGs by [A-Za-z-]*" || echo "$1: the service did not say how it decodes JPEGs"
  podman rm -f "$NAME" >/dev/null
  podman volume rm -f "$NAME" >/dev/null
}

for TARGET in ${SMOKE_TARGETS:-full edge}; do
  case $TARGET in
    full) TAG=localhost/face-mask-ci:latest ;;
    edge) TAG=localhost/face-mask-ci:edge ;;
    *) echo "unknown target $TARGET (full or edge)" >&2; exit 2 ;;
  esac
  build "$TARGET" "$TAG"
  smoke "$TARGET" "$TAG"
done
echo "container smoke test passed"
