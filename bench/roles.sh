#!/usr/bin/env bash
# Runs `hindsight bench predictor`, `bench joiner` and `bench cold-start` one after the other, each when the
# machine is quiet (1-minute load below BENCH_MAX_LOAD), and keeps their tables and JSON under
# bench/results/<UTC timestamp>/. See docs/benchmarks.md for what each measures.
#
#   mvn -o -q -B package -DskipTests && bench/roles.sh
#   BENCH_ONLY="predictor" BENCH_PREDICTOR_ARGS="--max-poll-records 2000" bench/roles.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar_src="${HINDSIGHT_JAR:-$root/app/target/hindsight.jar}"
only="${BENCH_ONLY:-predictor joiner cold-start}"
max_load="${BENCH_MAX_LOAD:-2.5}"
max_busy="${BENCH_MAX_BUSY:-0.5}"
wait_max="${BENCH_WAIT_FOR_QUIET:-1800}"
out="${BENCH_RESULTS:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"

# Others rebuild the jar while we measure: run a private copy.
jar="$(mktemp -d)/hindsight.jar"
cp "$jar_src" "$jar"
trap 'rm -rf "$(dirname "$jar")"' EXIT

# Cores busy over the next 10 s, all processes (from /proc/stat: everything but idle and iowait).
busy_cores() {
  local a b
  a=$(head -1 /proc/stat); sleep 10; b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    split(a, x, " "); split(b, y, " "); s = 0
    for (i = 2; i <= 9; i++) if (i != 5 && i != 6) s += y[i] - x[i]
    printf "%.2f", s / 100 / 10 }'
}

# The load average lags by minutes: also require the machine to be nearly idle right now.
quiet() {
  local waited=0 load busy
  while :; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    busy="$(busy_cores)"
    if awk -v l="$load" -v m="$max_load" -v b="$busy" -v mb="$max_busy" 'BEGIN{exit !(l < m && b < mb)}'; then
      echo "load $load, $busy cores busy: measuring" >&2
      return 0
    fi
    if [ "$waited" -ge "$wait_max" ]; then
      echo "load $load, $busy cores busy after ${waited}s; measuring anyway (the figure will say so)" >&2
      return 0
    fi
    echo "load $load, $busy cores busy (want < $max_load and < $max_busy), waiting..." >&2
    sleep 10
    waited=$((waited + 20))
  done
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, $(grep MemTotal /proc/meminfo)"
  java -version 2>&1 | head -1
  echo "jar: $jar_src ($(stat -c %y "$jar_src"))"
} > "$out/environment.txt"

for b in $only; do
  case "$b" in
    predictor) args="${BENCH_PREDICTOR_ARGS:-}" ;;
    joiner) args="${BENCH_JOINER_ARGS:-}" ;;
    cold-start) args="${BENCH_COLD_START_ARGS:-} --jar $jar" ;;
    *) echo "unknown benchmark $b" >&2; exit 2 ;;
  esac
  quiet
  echo "== hindsight bench $b $args" >&2
  # shellcheck disable=SC2086
  java ${HINDSIGHT_JAVA_OPTS:-} -jar "$jar" bench "$b" $args --json "$out/$b.json" 2>"$out/$b.progress.txt" | tee "$out/$b.md"
done
echo "results in $out" >&2
