#!/usr/bin/env bash
# Runs the rate limiter benchmarks and writes docs/benchmarks.md, docs/benchmarks/results.json and
# docs/benchmarks/decisions.png. Run it from anywhere in the repository:
#
#   benchmarks/run.sh                 build, measure every section, write the page (about 10 minutes)
#   benchmarks/run.sh --report-only   rewrite the page and the chart from docs/benchmarks/results.json
#
# It starts its own redis-server on a free loopback port (never 6379) with persistence off, and the
# HTTP benchmark application on another free loopback port, and stops both when it exits. When wrk,
# redis-server or redis-benchmark is missing and the script runs as root, it installs the Debian
# package (wrk, redis-server, redis-tools) with apt-get. Otherwise it stops and names the package.
#
# Environment variables, with their defaults:
#   BENCH_ROUNDS=3             measured rounds per contender and concurrency level
#   BENCH_SECONDS=5            length of one measured round, in seconds
#   BENCH_WARMUP_SECONDS=2     length of an unmeasured warm-up run, in seconds
#   BENCH_CALLERS=1,16,64      concurrency levels of the decision and in-memory benchmarks
#   BENCH_KEYS=4096            client ids shared out between the callers of one run
#   BENCH_CONTENDERS=          decision contenders to run, comma-separated, or empty for all
#                              (ratelimiter, bucket4j, redis-benchmark, redis-benchmark-P16)
#   BENCH_WRK_CONNECTIONS=16   wrk connections in the HTTP throughput rounds
#   BENCH_WRK_THREADS=1        wrk threads
#   BENCH_WRK_CLIENTS=1024     distinct X-Client-Id values that wrk sends
#   BENCH_JMH_SECONDS=2        JMH warm-up and measurement time of the in-memory benchmark, in seconds
#   BENCH_SECTIONS=decisions,memory,http,in-memory
#                              sections to run, and the page marks the others as not measured
#   BENCH_JFR=0                1 records a JFR profile of the decision benchmark in
#                              benchmarks/target/decisions.jfr
set -euo pipefail

cd "$(dirname "$0")/.."

: "${BENCH_SECTIONS:=decisions,memory,http,in-memory}"
: "${BENCH_JFR:=0}"
export BENCH_RESULTS_DIR="benchmarks/target/results"
JAVA_OPTS=(-Xms1g -Xmx1g -Djava.awt.headless=true)

log() {
  echo "[run.sh] $*"
}

has_section() {
  [[ ",${BENCH_SECTIONS}," == *",$1,"* ]]
}

require_command() {
  local command=$1 package=$2
  if command -v "$command" >/dev/null 2>&1; then
    return
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "$command is missing. Install the Debian package $package (apt-get install $package)." >&2
    exit 1
  fi
  log "installing $package for $command"
  (
    # Keep the package's service from starting: the benchmark runs its own redis-server, and a Redis
    # on port 6379 belongs to whoever else uses this machine. An existing policy is left in place.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  )
}

# Prints a free port on 127.0.0.1, never 6379.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( (RANDOM % 30000) + 20000 ))
    if (( port != 6379 )) && ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "Found no free port on 127.0.0.1" >&2
  exit 1
}

build() {
  log "building the benchmarks module"
  local start=$SECONDS
  ./mvnw -q -B -pl benchmarks -am package -DskipTests
  BENCH_BUILD_SECONDS=$(( SECONDS - start ))
  export BENCH_BUILD_SECONDS
  CLASSPATH_ARG="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
}

suite() {
  java "${JAVA_OPTS[@]}" "$@"
}

run_section() {
  local section=$1
  shift
  log "section ${section}"
  suite "$@" -cp "$CLASSPATH_ARG" io.github.ratelimiter.benchmarks.BenchmarkSuite "$section"
}

WORK_DIR=""
REDIS_PID=""
APP_PID=""

cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [[ -n "$REDIS_PID" ]] && kill -0 "$REDIS_PID" 2>/dev/null; then
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  fi
  if [[ -n "$WORK_DIR" ]]; then
    rm -rf "$WORK_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_redis() {
  for _ in 1 2 3; do
    BENCH_REDIS_PORT=$(free_port)
    redis-server --bind 127.0.0.1 --port "$BENCH_REDIS_PORT" --save '' --appendonly no \
      --dir "$WORK_DIR" --logfile "$WORK_DIR/redis.log" --daemonize no &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
      if [[ "$(redis-cli -h 127.0.0.1 -p "$BENCH_REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; then
        export BENCH_REDIS_PORT
        log "redis-server ${REDIS_PID} listens on 127.0.0.1:${BENCH_REDIS_PORT}"
        return
      fi
      if ! kill -0 "$REDIS_PID" 2>/dev/null; then
        break
      fi
      sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
  done
  echo "redis-server did not start; see its log above" >&2
  cat "$WORK_DIR/redis.log" >&2 || true
  exit 1
}

stop_redis() {
  kill "$REDIS_PID"
  wait "$REDIS_PID" 2>/dev/null || true
  REDIS_PID=""
}

run_http() {
  BENCH_APP_PORT=$(free_port)
  export BENCH_APP_PORT
  java "${JAVA_OPTS[@]}" -cp "$CLASSPATH_ARG" io.github.ratelimiter.benchmarks.http.HttpBenchmarkApplication \
    --server.port="$BENCH_APP_PORT" --spring.data.redis.port="$BENCH_REDIS_PORT" >"$WORK_DIR/app.log" 2>&1 &
  APP_PID=$!
  export BENCH_APP_PID=$APP_PID
  log "HTTP benchmark application ${APP_PID} starts on 127.0.0.1:${BENCH_APP_PORT}"
  if ! run_section http; then
    echo "The HTTP benchmark failed; the application's log follows" >&2
    cat "$WORK_DIR/app.log" >&2
    exit 1
  fi
  kill "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

git_commit() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
  if ! git diff --quiet HEAD -- . ':(exclude)docs' 2>/dev/null; then
    commit="${commit}-dirty"
  fi
  echo "$commit"
}

if [[ "${1:-}" == "--report-only" ]]; then
  build
  run_section render
  exit 0
fi
if [[ $# -gt 0 ]]; then
  echo "Usage: benchmarks/run.sh [--report-only]" >&2
  exit 2
fi

require_command java openjdk-17-jdk-headless
require_command redis-server redis-server
require_command redis-cli redis-tools
require_command redis-benchmark redis-tools
if has_section http; then
  require_command wrk wrk
fi

build
BENCH_GIT_COMMIT=$(git_commit)
export BENCH_GIT_COMMIT
WORK_DIR=$(mktemp -d)
rm -rf "$BENCH_RESULTS_DIR"
start_redis

run_section machine
if has_section decisions; then
  if [[ "$BENCH_JFR" == "1" ]]; then
    run_section decisions -XX:StartFlightRecording=filename=benchmarks/target/decisions.jfr,settings=profile
  else
    run_section decisions
  fi
fi
if has_section memory; then
  run_section memory
fi
if has_section http; then
  run_http
fi
stop_redis
if has_section in-memory; then
  run_section in-memory
fi
run_section report
log "done in $(( SECONDS ))s"
