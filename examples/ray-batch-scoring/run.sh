#!/usr/bin/env bash
# Batch scoring that scales out: an a3 model exported with its preprocessing and threshold inside
# one ONNX file, run by Ray Data over a partitioned Parquet data set on a 2-node Ray cluster
# (head + worker, both on 127.0.0.1), checked row by row against single-process `a3 score`.
#
#   examples/ray-batch-scoring/run.sh            # ROWS=1000000 by default
#   ROWS=50000 examples/ray-batch-scoring/run.sh
#
# Needs: node with the repository built (`npm ci` builds it), python3 (3.11), and the machine
# image's local wheels for ray[data], onnxruntime, pyarrow, pandas (installed into a fresh venv).
# Exits non-zero on any mismatch (a row lost or scored twice, a score off by more than 1e-5).
# Settings (environment):
#   ROWS          rows to score (default 1000000)    PARTITIONS  Parquet partitions (default 8)
#   NODE_CPUS     logical CPUs each Ray node declares (default 2; see "Batch scoring on Ray" in
#                 docs/deploy.md for why 2 nodes × 2 on a 2-core machine)
#   RAY_PORT      head node's GCS port (default 6390)
#   WORK          scratch directory (default: a temp dir, removed after a successful run unless KEEP=1;
#                 kept after a failure, for its logs)
#   VENV          reuse this venv instead of creating one in WORK
#   PIP_SOURCES   pip's package sources (default: the image's local wheel folders)
#   MIN_SPEEDUP   fail when 2 workers are not this much faster than 1 (default: report only)
#   A3            the a3 command (default: node apps/cli/bin/a3.js)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ROWS="${ROWS:-1000000}"
PARTITIONS="${PARTITIONS:-8}"
NODE_CPUS="${NODE_CPUS:-2}"
RAY_PORT="${RAY_PORT:-6390}"
OWN_WORK=""
if [ -z "${WORK:-}" ]; then WORK="$(mktemp -d /tmp/a3-ray.XXXXXX)"; OWN_WORK=1; fi
RAY_TMP=""
A3="${A3:-node $REPO/apps/cli/bin/a3.js}"
PIP_SOURCES="${PIP_SOURCES:---index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple --find-links /opt/wheels}"
started=$(date +%s)

last=$started
# A phase header, with how long the previous phase took (the run's cost, phase by phase).
say() {
  local now; now=$(date +%s)
  printf '\n== %s   [previous step: %ss]\n' "$*" "$((now - last))"
  last=$now
}
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---- the Ray cluster is stopped however this script ends ----------------------------------
RAY_PIDS=()
stop_cluster() {
  # `ray start --block` runs in the foreground and stops the processes it started on SIGTERM;
  # signalling exactly those (never `ray stop`, which would kill every Ray on the machine).
  for pid in "${RAY_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${RAY_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  RAY_PIDS=()
}
# On exit: the cluster down, Ray's temp dir gone, and our own scratch dir (its venv is ~700 MB)
# removed when the run succeeded.
finish() {
  local rc=$?
  stop_cluster
  [ -n "$RAY_TMP" ] && rm -rf "$RAY_TMP"
  if [ -n "$OWN_WORK" ] && [ "$rc" = 0 ] && [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; fi
  return "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# ---- 1. a venv from the local wheels -------------------------------------------------------
$A3 --version >/dev/null 2>&1 || fail "the a3 CLI does not run ($A3). Build the repository first: npm ci (or npm run build)."
if [ -z "${VENV:-}" ]; then
  VENV="$WORK/venv"
  say "creating $VENV from the local wheels"
  python3 -m venv "$VENV" || fail "python3 -m venv failed: install python3 (3.11) with venv."
  # shellcheck disable=SC2086  # PIP_SOURCES is a list of pip options
  "$VENV/bin/pip" install --disable-pip-version-check $PIP_SOURCES 'ray[data]' onnxruntime pyarrow pandas \
    >"$WORK/pip.log" 2>&1 \
    || { tail -5 "$WORK/pip.log" >&2; fail "could not install ray[data], onnxruntime, pyarrow, pandas from:
  $PIP_SOURCES (the machine image's wheel folders; set PIP_SOURCES to where these wheels are)."; }
fi
PY="$VENV/bin/python"
"$PY" -c 'import ray, onnxruntime, pyarrow, pandas' || fail "$VENV lacks ray / onnxruntime / pyarrow / pandas."
RAY="$VENV/bin/ray"
"$PY" -c 'import ray, onnxruntime, pyarrow; print(f"ray {ray.__version__}, onnxruntime {onnxruntime.__version__}, pyarrow {pyarrow.__version__}")'

# ---- 2. data, model, export, reference scores ----------------------------------------------
say "writing $ROWS rows as $PARTITIONS Parquet partitions"
"$PY" "$HERE/make_data.py" "$WORK/data" "$ROWS" "$PARTITIONS"

say "training a small a3 model (tiny epochs) on train.parquet"
# The whole detector must be one graph to export as one ONNX file: the paper's preset (detectors
# with extra heads score outside any one graph). Older CLIs have no --preset and are the paper's.
PRESET=()
if $A3 train --help 2>/dev/null | grep -q -- '--preset'; then PRESET=(--preset paper); fi
$A3 train --dataset csv --file "$WORK/data/train.parquet" --label-column label --normal normal \
  --known attack --n-known 20 --epochs-target 3 --epochs-alarm 3 --batch-size 128 --backend onnx \
  --seed 1 "${PRESET[@]}" --out "$WORK/model"

say "exporting it with the preprocessing and the threshold inside"
$A3 export "$WORK/model" --onnx "$WORK/model.onnx"

say "single-process reference: a3 score (streams the Parquet file, writes Parquet)"
t0=$("$PY" -c 'import time; print(time.time())')
$A3 score "$WORK/model" "$WORK/data/flows.parquet" --keep id --out "$WORK/a3-scores.parquet"
t1=$("$PY" -c 'import time; print(time.time())')
A3_RATE=$("$PY" -c "print(round($ROWS / ($t1 - $t0)))")

# ---- 3. a 2-node Ray cluster on 127.0.0.1 --------------------------------------------------
say "starting a Ray head and a worker node on 127.0.0.1 ($NODE_CPUS logical CPUs each)"
export RAY_USAGE_STATS_ENABLED=0
# A short temp dir: Ray's socket paths must stay under 107 characters.
RAY_TMP="$(mktemp -d /tmp/a3r.XXXX)"
setsid "$RAY" start --head --block --node-ip-address=127.0.0.1 --port="$RAY_PORT" --num-cpus="$NODE_CPUS" \
  --include-dashboard=false --temp-dir="$RAY_TMP" >"$WORK/ray-head.log" 2>&1 &
RAY_PIDS+=($!)
for _ in $(seq 60); do
  "$PY" -c "import ray; ray.init(address='127.0.0.1:$RAY_PORT', log_to_driver=False); ray.shutdown()" \
    >/dev/null 2>&1 && break
  sleep 1
done
setsid "$RAY" start --block --address="127.0.0.1:$RAY_PORT" --node-ip-address=127.0.0.1 \
  --num-cpus="$NODE_CPUS" >"$WORK/ray-worker.log" 2>&1 &
RAY_PIDS+=($!)
nodes=0
for _ in $(seq 60); do
  nodes=$("$PY" -c "
import ray; ray.init(address='127.0.0.1:$RAY_PORT', log_to_driver=False)
print(sum(1 for n in ray.nodes() if n['Alive']))" 2>/dev/null || echo 0)
  [ "$nodes" = 2 ] && break
  sleep 1
done
[ "$nodes" = 2 ] || { tail -20 "$WORK/ray-head.log" "$WORK/ray-worker.log" >&2; fail "the Ray cluster did not reach 2 nodes."; }
echo "cluster up: 2 nodes, $((2 * NODE_CPUS)) logical CPUs"

# ---- 4. score with 1 and 2 workers, compare ------------------------------------------------
declare -A RATE
for workers in 1 2; do
  say "Ray Data map_batches, actor pool of $workers"
  out="$WORK/ray-scores-$workers"
  line=$("$PY" "$HERE/score_ray.py" --address "127.0.0.1:$RAY_PORT" --model "$WORK/model.onnx" \
    --data "$WORK/data/flows" --out "$out" --workers "$workers" | tail -1)
  echo "$line"
  RATE[$workers]=$("$PY" -c "import json,sys; print(round(json.loads(sys.argv[1])['rows_per_s']))" "$line")
  "$PY" "$HERE/compare.py" "$WORK/data/flows" "$WORK/a3-scores.parquet" "$out" \
    || fail "Ray's scores with $workers worker(s) do not match a3 score (see above)."
done
stop_cluster

speedup=$("$PY" -c "print(f'{${RATE[2]} / ${RATE[1]}:.2f}')")
say "throughput ($ROWS rows, read → score → write)"
printf '  a3 score, one process (ORT, %s threads):  %8s rows/s\n' "$(nproc)" "$A3_RATE"
printf '  Ray, 1 worker:                            %8s rows/s\n' "${RATE[1]}"
printf '  Ray, 2 workers:                           %8s rows/s  (%sx one worker)\n' "${RATE[2]}" "$speedup"
printf '  total run time: %ss; scratch: %s%s\n' "$(($(date +%s) - started))" "$WORK" \
  "$([ -n "$OWN_WORK" ] && [ -z "${KEEP:-}" ] && echo ' (removed at exit; KEEP=1 keeps it)')"
# One machine-readable line for a3-bench --ray.
printf 'RESULT {"rows":%s,"a3_rows_per_s":%s,"ray_rows_per_s":{"1":%s,"2":%s},"speedup":%s,"node_cpus":%s,"seconds":%s}\n' \
  "$ROWS" "$A3_RATE" "${RATE[1]}" "${RATE[2]}" "$speedup" "$NODE_CPUS" "$(($(date +%s) - started))"
if [ -n "${MIN_SPEEDUP:-}" ]; then
  "$PY" -c "import sys; sys.exit(0 if $speedup >= $MIN_SPEEDUP else 1)" \
    || fail "2 workers were only ${speedup}x one worker (MIN_SPEEDUP=$MIN_SPEEDUP)."
fi
echo "OK"
