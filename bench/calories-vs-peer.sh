#!/usr/bin/env bash
# Load test of the calories HTTP path: Hindsight against the seed-004 peer (FastAPI + XGBoost), same machine,
# same load, same run. See bench/README.md for what each number means.
#
#   bench/calories-vs-peer.sh                       # both servers, c=20 and c=100, 15 s each
#   BENCH_TARGETS=peer bench/calories-vs-peer.sh    # the peer only (no hindsight.jar needed)
#
# Settings (environment):
#   BENCH_DURATION=15s         measured time per run (hey -z and the simulator's --duration)
#   BENCH_CONCURRENCY="20 100" concurrency levels, one run of each client per level
#   BENCH_WARMUP=60s           closed-loop warm-up of each server before it is measured (0s: none); the JVM needs ~50k requests to JIT its hot path
#   BENCH_CLIENT_WARMUP=10s    each measured simulator run first loads the server for this long, unmeasured: the
#                              simulator is a fresh JVM per run, and its own JIT warm-up (and its compiler threads
#                              on the same 2 cores) made the first ~5 s of a 15 s window ~30% slower
#   BENCH_TARGETS="peer hindsight"
#   BENCH_ISOLATE=1            1: each server runs alone while measured (start, measure, stop);
#                              0: start both, wait for both, then measure one after the other
#   BENCH_TRAIN_ROWS=50000     rows of the peer's training CSV (gen.py), BENCH_SEED=7 its seed
#   BENCH_RESULTS=bench/results/<UTC timestamp>
#   BENCH_READY_TIMEOUT=240    seconds to wait for /healthz (peer) and /readyz (Hindsight)
#   HINDSIGHT_JAR=app/target/hindsight.jar, HINDSIGHT_JAVA_OPTS="" (e.g. -Xmx2g)
#   HINDSIGHT_ARGS="--digits-first-start off --rps-first-start off"
#                              every role runs, but only calories trains at first start: training digits and
#                              rps (a CNN, 12 rps models, ~3 min on 2 cores) would otherwise share the CPU with
#                              the measured minutes. HINDSIGHT_ARGS="" measures the default first start.
#   PEER_DIR=../shared/peers/calorie-fastapi (relative to the repo root), BENCH_PYTHON=/usr/bin/python3
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-15s}"
CONCURRENCY="${BENCH_CONCURRENCY:-20 100}"
WARMUP="${BENCH_WARMUP:-60s}"
CLIENT_WARMUP="${BENCH_CLIENT_WARMUP:-10s}"
TARGETS="${BENCH_TARGETS:-peer hindsight}"
ISOLATE="${BENCH_ISOLATE:-1}"
TRAIN_ROWS="${BENCH_TRAIN_ROWS:-50000}"
SEED="${BENCH_SEED:-7}"
READY_TIMEOUT="${BENCH_READY_TIMEOUT:-240}"
HINDSIGHT_JAR="${HINDSIGHT_JAR:-$ROOT/app/target/hindsight.jar}"
HINDSIGHT_JAVA_OPTS="${HINDSIGHT_JAVA_OPTS:-}"
HINDSIGHT_ARGS="${HINDSIGHT_ARGS---digits-first-start off --rps-first-start off}"
PEER_DIR="${PEER_DIR:-$ROOT/../shared/peers/calorie-fastapi}"
PYTHON="${BENCH_PYTHON:-/usr/bin/python3}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
APT_PACKAGES=(hey python3-fastapi python3-uvicorn python3-xgboost python3-sklearn python3-pandas python3-prometheus-client curl)

WORK="$(mktemp -d -t hindsight-bench.XXXXXX)"
PIDS=()

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && stop_pid "$pid"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops one process we started: TERM, up to 15 s, then KILL.
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid did not stop on TERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

forget_pid() {
  local keep=() p
  for p in "${PIDS[@]:-}"; do [[ -n "$p" && "$p" != "$1" ]] && keep+=("$p"); done
  PIDS=("${keep[@]:-}")
}

ensure_tools() {
  local missing=0
  command -v hey >/dev/null || missing=1
  command -v curl >/dev/null || missing=1
  [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import fastapi, uvicorn, xgboost, sklearn, pandas, prometheus_client' 2>/dev/null || missing=1
  if ((missing)); then
    log "installing ${APT_PACKAGES[*]}"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -q >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get update failed"; }
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${APT_PACKAGES[@]}" >>"$WORK/apt.log" 2>&1 \
      || { tail -20 "$WORK/apt.log" >&2; die "apt-get install failed"; }
  fi
  command -v java >/dev/null || die "java is not on PATH"
  "$PYTHON" -c 'import fastapi, uvicorn, xgboost, sklearn, pandas, prometheus_client' || die "$PYTHON lacks the peer's modules"
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until a URL answers 200 while the process lives.
wait_ready() {
  local name=$1 url=$2 pid=$3 logfile=$4 start=$SECONDS
  while ((SECONDS - start < READY_TIMEOUT)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -40 "$logfile" >&2 || true
      die "$name exited before it was ready (log: $logfile)"
    fi
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      log "$name ready after $((SECONDS - start)) s ($url)"
      return 0
    fi
    sleep 0.5
  done
  tail -40 "$logfile" >&2 || true
  die "$name not ready after ${READY_TIMEOUT} s ($url)"
}

# The simulator: from the Hindsight jar when it has 'simulate', else from the simulator module's classes.
SIM=()
SIM_FROM=""
resolve_simulator() {
  if [[ -f "$HINDSIGHT_JAR" ]] && java -jar "$HINDSIGHT_JAR" simulate calories --help >/dev/null 2>&1; then
    SIM=(java -jar "$HINDSIGHT_JAR" simulate calories)
    SIM_FROM="java -jar $HINDSIGHT_JAR simulate calories"
    return
  fi
  log "simulator: $HINDSIGHT_JAR not usable, running the simulator module from its classes"
  local cp="$WORK/simulator.classpath"
  (cd "$ROOT" && { mvn -o -q -B -pl simulator compile dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$cp" >"$WORK/mvn.log" 2>&1 \
      || mvn -q -B -pl simulator compile dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$cp" >>"$WORK/mvn.log" 2>&1; }) \
    || { tail -30 "$WORK/mvn.log" >&2; die "could not build the simulator module"; }
  SIM=(java -cp "$ROOT/simulator/target/classes:$(cat "$cp")" io.hindsight.simulator.SimulateCommand calories)
  SIM_FROM="simulator module classes (io.hindsight.simulator.SimulateCommand calories)"
}

PEER_PID=""
PEER_URL=""
start_peer() {
  [[ -f "$PEER_DIR/app.py" && -f "$PEER_DIR/gen.py" ]] || die "no peer at $PEER_DIR (app.py, gen.py)"
  mkdir -p "$WORK/peer"
  cp "$PEER_DIR"/*.py "$WORK/peer/"
  [[ -f "$PEER_DIR/rec.json" ]] && cp "$PEER_DIR/rec.json" "$WORK/peer/"
  log "peer: generating $TRAIN_ROWS training rows (gen.py, seed $SEED)"
  (cd "$WORK/peer" && "$PYTHON" gen.py "$TRAIN_ROWS" "$SEED" train.csv)
  local port
  port=$(free_port)
  PEER_URL="http://127.0.0.1:$port"
  log "peer: uvicorn, 1 worker, $PEER_URL (trains its model at start-up)"
  (cd "$WORK/peer" && exec "$PYTHON" -m uvicorn app:app --host 127.0.0.1 --port "$port" --workers 1 \
      >"$RESULTS/peer.log" 2>&1) &
  PEER_PID=$!
  PIDS+=("$PEER_PID")
  wait_ready peer "$PEER_URL/healthz" "$PEER_PID" "$RESULTS/peer.log"
}

HINDSIGHT_PID=""
HINDSIGHT_URL=""
start_hindsight() {
  local http kafka
  http=$(free_port)
  kafka=$(free_port)
  while [[ "$kafka" == "$http" ]]; do kafka=$(free_port); done
  HINDSIGHT_URL="http://127.0.0.1:$http"
  log "hindsight: $HINDSIGHT_JAR, http $http, kafka $kafka, data $WORK/hindsight-data"
  # shellcheck disable=SC2086
  java $HINDSIGHT_JAVA_OPTS -jar "$HINDSIGHT_JAR" --data-dir "$WORK/hindsight-data" --http-port "$http" \
    --kafka-port "$kafka" $HINDSIGHT_ARGS >"$RESULTS/hindsight.log" 2>&1 &
  HINDSIGHT_PID=$!
  PIDS+=("$HINDSIGHT_PID")
  wait_ready hindsight "$HINDSIGHT_URL/readyz" "$HINDSIGHT_PID" "$RESULTS/hindsight.log"
}

stop_server() {
  local pid=$1
  [[ -n "$pid" ]] || return 0
  stop_pid "$pid"
  forget_pid "$pid"
}

# One POST of the fixed record, kept as evidence that the server answers the seed-004 API.
check_answer() {
  local name=$1 url=$2
  curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/rec.json" \
    "$url/predict" >"$RESULTS/$name-check.json" || die "$name: POST /predict failed"
  log "$name: POST /predict -> $(cat "$RESULTS/$name-check.json")"
}

warm_up() {
  local name=$1 url=$2
  if [[ "$WARMUP" == "0" || "$WARMUP" == "0s" ]]; then return 0; fi
  log "$name: warm-up, simulator closed loop c=20 for $WARMUP"
  "${SIM[@]}" --url "$url" --routes seed --concurrency 20 --duration "$WARMUP" --progress off \
    >"$RESULTS/$name-warmup.txt" 2>&1 || log "$name: warm-up reported no answers (see $RESULTS/$name-warmup.txt)"
}

ROWS=()
measure() {
  local name=$1 url=$2 c out
  for c in $CONCURRENCY; do
    out="$RESULTS/$name-simulator-c$c"
    log "$name: simulator load mode, unique ids, c=$c for $DURATION"
    if "${SIM[@]}" --url "$url" --routes seed --concurrency "$c" --warmup "$CLIENT_WARMUP" --duration "$DURATION" --progress lines \
        --summary-json "$out.json" >"$out.txt" 2>&1; then
      ROWS+=("$("$PYTHON" - "$out.json" "$name" "$c" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
errors = sum(s["errors"].values())
lat = s["latencyMs"]
print(f"| {sys.argv[2]} | simulator (unique ids) | {sys.argv[3]} | {s['requestsPerSecond']:.0f} | "
      f"{lat['p50']:.1f} | {lat['p99']:.1f} | {errors} |")
PY
)")
    else
      ROWS+=("| $name | simulator (unique ids) | $c | failed | | | see $(basename "$out").txt |")
    fi
    out="$RESULTS/$name-hey-c$c.txt"
    log "$name: hey, fixed record (id 1 on every request), c=$c for $DURATION"
    if hey -z "$DURATION" -c "$c" -m POST -T application/json -D "$WORK/rec.json" "$url/predict" >"$out" 2>&1; then
      ROWS+=("$("$PYTHON" - "$out" "$name" "$c" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def secs(pattern):
    m = re.search(pattern, text)
    return float(m.group(1)) * 1000 if m else float("nan")
rps = re.search(r"Requests/sec:\s*([\d.]+)", text)
codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)
bad = sum(int(n) for code, n in codes if not code.startswith("2"))
err = re.search(r"Error distribution:\n((?:\s+\[\d+\].*\n?)*)", text)
bad += sum(int(n) for n in re.findall(r"\[(\d+)\]", err.group(1))) if err else 0
label = "hey (same id: replays)" if sys.argv[2] == "hindsight" else "hey (same id)"
p50 = secs(r"50% in ([\d.]+) secs")
p99 = secs(r"99% in ([\d.]+) secs")
req = float(rps.group(1)) if rps else float("nan")
print(f"| {sys.argv[2]} | {label} | {sys.argv[3]} | {req:.0f} | {p50:.1f} | {p99:.1f} | {bad} |")
PY
)")
    else
      ROWS+=("| $name | hey | $c | failed | | | see $(basename "$out") |")
    fi
  done
}

bench_peer() {
  start_peer
  check_answer peer "$PEER_URL"
  warm_up peer "$PEER_URL"
  measure peer "$PEER_URL"
}

bench_hindsight() {
  start_hindsight
  check_answer hindsight "$HINDSIGHT_URL"
  warm_up hindsight "$HINDSIGHT_URL"
  measure hindsight "$HINDSIGHT_URL"
}

main() {
  mkdir -p "$RESULTS"
  ensure_tools
  local want_peer=0 want_hindsight=0 t
  for t in $TARGETS; do
    case "$t" in
      peer) want_peer=1 ;;
      hindsight) want_hindsight=1 ;;
      *) die "unknown target '$t' in BENCH_TARGETS (peer, hindsight)" ;;
    esac
  done
  if ((want_hindsight)) && [[ ! -f "$HINDSIGHT_JAR" ]]; then
    log "WARNING: $HINDSIGHT_JAR not found (build it: mvn -o -q -B package -DskipTests); measuring the peer only"
    want_hindsight=0
  fi
  if [[ -f "$PEER_DIR/rec.json" ]]; then
    cp "$PEER_DIR/rec.json" "$WORK/rec.json"
  else
    printf '%s' '{"id":1,"Sex":"male","Age":30,"Height":180,"Weight":80,"Duration":20,"Heart_Rate":100,"Body_Temp":40.1}' >"$WORK/rec.json"
  fi
  cp "$WORK/rec.json" "$RESULTS/rec.json"
  resolve_simulator

  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpus: $(nproc)  memory: $(free -g 2>/dev/null | awk '/^Mem:/{print $2 " GiB"}')"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "python: $("$PYTHON" --version 2>&1); $("$PYTHON" -c 'import fastapi, uvicorn, xgboost; print("fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__, "xgboost", xgboost.__version__)')"
    echo "hey: $(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo unknown)"
    echo "settings: duration $DURATION, concurrency $CONCURRENCY, warm-up $WARMUP, client warm-up $CLIENT_WARMUP per measured simulator run, isolate $ISOLATE, train rows $TRAIN_ROWS, seed $SEED, hindsight args: ${HINDSIGHT_ARGS:-(none)}"
    echo "simulator: $SIM_FROM"
  } >"$RESULTS/environment.txt"

  if [[ "$ISOLATE" == "1" ]]; then
    if ((want_peer)); then bench_peer; stop_server "$PEER_PID"; fi
    if ((want_hindsight)); then bench_hindsight; stop_server "$HINDSIGHT_PID"; fi
  else
    if ((want_peer)); then start_peer; fi
    if ((want_hindsight)); then start_hindsight; fi
    if ((want_peer)); then check_answer peer "$PEER_URL"; warm_up peer "$PEER_URL"; fi
    if ((want_hindsight)); then check_answer hindsight "$HINDSIGHT_URL"; warm_up hindsight "$HINDSIGHT_URL"; fi
    if ((want_peer)); then measure peer "$PEER_URL"; fi
    if ((want_hindsight)); then measure hindsight "$HINDSIGHT_URL"; fi
  fi

  {
    echo "## Calories HTTP path: Hindsight vs the seed-004 peer"
    echo
    echo "$(cat "$RESULTS/environment.txt" | sed 's/^/    /')"
    echo
    echo "| server | client | concurrency | req/s | p50 ms | p99 ms | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    ((want_hindsight)) || echo "| hindsight | - | - | not run | | | no $(basename "$HINDSIGHT_JAR") |"
  } >"$RESULTS/summary.md"
  echo
  cat "$RESULTS/summary.md"
  echo
  log "raw outputs in $RESULTS"
}

main "$@"
