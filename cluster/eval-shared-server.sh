#!/usr/bin/env bash
# N shards of one evaluation sharing one `armkit serve`: the server batches the shards' requests
# into one model call (one GPU, many CPU workers). Runnable as is on one machine (loopback):
#
#   MODEL=test/fixtures/models/bc-mlp.onnx cluster/eval-shared-server.sh
#
# On a cluster the same three steps run on different machines: `armkit serve` on the GPU box
# (off loopback it needs --curve-key, cluster/README.md), each shard is an array task or an
# Indexed Job pod with --policy 'zmq://GPU-BOX:5555?key=armkit-server.pub' and --shard auto,
# and the merge runs wherever the reports land.
set -euo pipefail

MODEL="${MODEL:?set MODEL=PATH.onnx, the model to serve}"
TASK="${TASK:-PickCube-v1}"
EPISODES="${EPISODES:-100}"
SEED="${SEED:-0}"
SHARDS="${SHARDS:-4}"
ENVS="${ENVS:-4}"
PORT="${PORT:-5555}"
OUT="${OUT:-out/shared-server}"
ARMKIT="${ARMKIT:-npx armkit}"

mkdir -p "$OUT"
$ARMKIT serve --policy "$MODEL" --bind "tcp://127.0.0.1:$PORT" >"$OUT/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
# The server prints one line once it listens.
for _ in $(seq 300); do
  grep -q '^serving' "$OUT/serve.log" && break
  kill -0 "$server" 2>/dev/null || { echo "armkit serve exited before it listened" >&2; exit 1; }
  sleep 0.1
done
grep -q '^serving' "$OUT/serve.log" || { echo "armkit serve did not listen within 30 s" >&2; exit 1; }

shards=()
for ((i = 0; i < SHARDS; i++)); do
  $ARMKIT eval --task "$TASK" --policy "zmq://127.0.0.1:$PORT" --episodes "$EPISODES" --seed "$SEED" \
    --envs "$ENVS" --shard "$i/$SHARDS" --quiet --json "$OUT/shard-$i.json" >/dev/null &
  shards+=($!)
done
for pid in "${shards[@]}"; do wait "$pid"; done
$ARMKIT eval merge "$OUT"/shard-*.json --out "$OUT/eval.json"
