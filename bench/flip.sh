#!/usr/bin/env bash
# What test-time flip averaging costs and gains: evaluates each class-folder set the way /predict
# answers (ONNX, mask vs not) without and with --flip-average, and prints each run's wall time
# (JVM start and model load included, alike for both) and accuracy.
# Needs the packaged jar (make build).
# Usage: [MODEL=DIR] bench/flip.sh DIR [DIR...]   (MODEL: default the bundled model)
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: bench/flip.sh DIR [DIR...]" >&2
  exit 2
fi
FACEMASK="$(dirname "$0")/../bin/facemask"

printf "%-40s %-5s %8s %9s\n" data flip wall_s accuracy
for dir in "$@"; do
  for flip in off on; do
    args=(evaluate --backend ONNX --mask-or-not --data "$dir")
    if [ -n "${MODEL:-}" ]; then
      args+=(--model "$MODEL")
    fi
    if [ "$flip" = on ]; then
      args+=(--flip-average)
    fi
    start=$(date +%s%N)
    accuracy=$("$FACEMASK" "${args[@]}" | awk '$1 == "accuracy" {print $(NF - 1)}')
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    printf "%-40s %-5s %8s %9s\n" "$dir" "$flip" "$(awk -v ms="$ms" 'BEGIN {printf "%.1f", ms / 1000}')" "$accuracy"
  done
done
