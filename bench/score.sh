#!/usr/bin/env bash
# Batch scoring throughput: `facemask score` on 1,000 face crops (images/s as it prints them: files
# scored over the scoring time, the model's loading left out) against the raw engine's batched
# throughput on random preprocessed input (`facemask bench-infer`, the same backend, batch size and
# inference workers), alternated for ROUNDS rounds; prints each run, the medians and their ratio
# (the goal is 0.8: scoring has no HTTP in the way, only file reading, decoding and resizing).
# The crops are the first 1,000 of face-mask-12k (validation, then train) in ../shared/datasets.
# Needs: make (it runs `make build`). Run it on an idle machine; it prints the load it ran under.
# Usage: bench/score.sh    DATA=../shared/datasets/face-mask-12k COUNT=1000 ROUNDS=3 BACKEND=ONNX
#   BATCH=16 WORKERS=2 SECONDS_RAW=10 MODEL=models/facemask-resnet18
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build >/dev/null
DATA=${DATA:-../shared/datasets/face-mask-12k}
COUNT=${COUNT:-1000}
ROUNDS=${ROUNDS:-3}
BACKEND=${BACKEND:-ONNX}
BATCH=${BATCH:-16}
WORKERS=${WORKERS:-2}
SECONDS_RAW=${SECONDS_RAW:-10}
MODEL=${MODEL:-models/facemask-resnet18}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The crops, copied into one folder tree (each class folder kept, files renamed by their order).
# (Listed to a file first: under pipefail, `head` closing the pipe early would fail the script.)
{ find "$DATA/validation" -type f -name '*.jpg' | sort; find "$DATA/train" -type f -name '*.jpg' | sort; } \
  > "$WORK/all.txt"
sed -n "1,${COUNT}p" "$WORK/all.txt" | awk -v dst="$WORK/crops" '{ n = split($0, p, "/"); printf "%s\t%s/%s/%05d.jpg\n", $0, dst, p[n-1], NR }' \
  | while IFS=$'\t' read -r src dst; do mkdir -p "$(dirname "$dst")"; cp "$src" "$dst"; done
FOUND=$(find "$WORK/crops" -type f | wc -l)
[ "$FOUND" -eq "$COUNT" ] || { echo "found $FOUND crops in $DATA, not $COUNT"; exit 1; }
echo "== $COUNT crops from $DATA ($(du -sh "$WORK/crops" | cut -f1)); load before: $(uptime | sed 's/.*load average: //')"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
RAW=()
SCORE=()
for ROUND in $(seq 1 "$ROUNDS"); do
  LINE=$(bin/facemask bench-infer --model "$MODEL" --backend "$BACKEND" --batch-size "$BATCH" --callers "$WORKERS" \
    --seconds "$SECONDS_RAW")
  RAW+=("$(echo "$LINE" | sed 's/.*images\/s=//')")
  rm -f "$WORK/out.jsonl"
  OUT=$(bin/facemask score --model "$MODEL" --backend "$BACKEND" --batch-size "$BATCH" \
    --inference-workers "$WORKERS" --input "$WORK/crops" --output "$WORK/out.jsonl" --no-progress)
  ROWS=$(wc -l < "$WORK/out.jsonl")
  [ "$ROWS" -eq "$COUNT" ] || { echo "score wrote $ROWS rows, not $COUNT:"; echo "$OUT"; exit 1; }
  SCORE+=("$(echo "$OUT" | sed -n 's/.*images\/s=\([0-9.]*\).*/\1/p')")
  echo "round $ROUND: raw $LINE | score $(echo "$OUT" | head -1)"
done
RAW_MEDIAN=$(printf '%s\n' "${RAW[@]}" | median)
SCORE_MEDIAN=$(printf '%s\n' "${SCORE[@]}" | median)
echo "== medians of $ROUNDS rounds: raw $RAW_MEDIAN images/s, score $SCORE_MEDIAN images/s," \
  "ratio $(awk -v s="$SCORE_MEDIAN" -v r="$RAW_MEDIAN" 'BEGIN { printf "%.2f", s / r }') (goal >= 0.8)"
echo "== load after: $(uptime | sed 's/.*load average: //')"
