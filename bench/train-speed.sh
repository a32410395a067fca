#!/usr/bin/env bash
# Training throughput: DJL (this project's training step) vs PyTorch (Python) on the same
# machine, same run, same work: torchvision ResNet18, 2 classes, AdamW, batch 32, random data.
# Needs the packaged jar (make build) and Debian's python3-torch + python3-torchvision.
# Usage: bench/train-speed.sh [SIZES...]   (default: 112 128)   REPEATS=3 STEPS=10
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-112 128}
REPEATS=${REPEATS:-3}
STEPS=${STEPS:-10}
PYTHON=${PYTHON:-/usr/bin/python3}
THREADS=$(nproc)

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf "%-6s %-12s %-12s %s\n" size djl_img_s torch_img_s djl/torch
for size in $SIZES; do
  djl=(); torch=()
  for _ in $(seq "$REPEATS"); do
    # Alternate the two so drift of the machine hits both alike.
    djl+=("$(bin/facemask bench-train --image-size "$size" --steps "$STEPS" | sed 's/.*images\/s=//')")
    torch+=("$("$PYTHON" bench/train_speed_pytorch.py "$size" 32 "$STEPS" "$THREADS" | sed 's/.*images\/s=//')")
  done
  d=$(printf "%s\n" "${djl[@]}" | median); t=$(printf "%s\n" "${torch[@]}" | median)
  printf "%-6s %-12s %-12s %.2f\n" "$size" "$d" "$t" "$(echo "$d / $t" | bc -l)"
done
echo "(medians of $REPEATS runs of $STEPS timed steps after 3 warm-up steps; PyTorch with $THREADS threads)"
