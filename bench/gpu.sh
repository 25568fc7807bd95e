#!/usr/bin/env bash
# The GPU figures of the estimator issue, on a machine with a CUDA device. Parts:
#   tests  the estimator tests, CUDA ones included (they skip on machines without a GPU);
#   zoo    the whole zoo cross-check on --device cuda (wall time, accuracy summary, report);
#   speed  bench/sgld.py, ours against devinterp, at d from 10^4 to 10^6.
# Run by hand from the repository root:  bash bench/gpu.sh OUTDIR [all|tests|zoo|speed] [JOBS]
# Output lands in OUTDIR: gpu-PART.log, and zoo/ (results.json, report.md, calibration.png).
set -u
out=${1:-gpu-out}
part=${2:-all}
jobs=${3:-8}
mkdir -p "$out"
py=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
step() { echo; echo "=== $* ($(date -u +%T))"; }

machine() {
  step machine
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  echo "cores: $(nproc)"
  "$py" -c "import sys, torch; print(sys.version.split()[0], 'torch', torch.__version__, torch.cuda.get_device_name(0))"
  "$py" -c "from rlct.estimators.devinterp_adapter import available, version; print('devinterp', version(), 'usable:', available())"
}

tests() {
  step tests
  timeout 240 "$py" -m pytest -q -p no:cacheprovider tests/test_sgld.py tests/test_crosscheck.py \
      tests/test_data_loss.py tests/test_devinterp.py rlct/estimators 2>&1 | tail -15
}

zoo() {
  step "zoo cross-check on cuda, $jobs jobs"
  local start=$SECONDS
  timeout 480 "$py" -m rlct crosscheck --device cuda --jobs "$jobs" --out "$out/zoo" > "$out/zoo.stdout" 2>&1
  echo "exit $?, $((SECONDS - start)) s"
  grep -A2 "^Median" "$out/zoo.stdout" | head -3
  tail -3 "$out/zoo.stdout"
  rm -f "$out/zoo.stdout" "$out/zoo/traces.png"
}

speed() {
  for shape in "64 64 80" "256 256 200" "256 256 512" "1024 1024 512"; do
    set -- $shape
    step "bench/sgld.py M=$1 N=$2 H=$3, 8 chains"
    timeout 150 "$py" bench/sgld.py --M "$1" --N "$2" --H "$3" --n 4096 --chains 8 --steps 500 --device cuda
  done
  step "bench/sgld.py M=256 N=256 H=512, 32 chains"
  timeout 150 "$py" bench/sgld.py --M 256 --N 256 --H 512 --n 4096 --chains 32 --steps 200 --device cuda
}

case $part in
  all) { machine; tests; zoo; speed; } > "$out/gpu-all.log" 2>&1 ;;
  tests|zoo|speed) { machine; $part; } > "$out/gpu-$part.log" 2>&1 ;;
  *) echo "unknown part $part (all, tests, zoo, speed)" >&2; exit 2 ;;
esac
step done >> "$out/gpu-$part.log"
