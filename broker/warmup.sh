#!/usr/bin/env bash
# Warms up a broker that broker/kafka.sh has just started, before anything is measured on it; `make up` runs it.
#
#   broker/warmup.sh <duration> <brokers>    e.g. broker/warmup.sh 45s 127.0.0.1:9092   (duration 0: skip)
#
# Why: a new broker JVM compiles its hot code (the produce and fetch paths) in its first minute or two under
# load, and on a 2-core machine its compiler threads take the cores the load needs: the first 25 s at 50,000
# events/s after a start gave publish-delay p99 1.3 s while the JIT took 17 s of CPU; after this warm-up the
# first run gave 20 ms (docs/broker.md). kafka.sh removes the stamp (KAFKA_DIR/warmed) whenever it starts a
# broker, so a broker already running and warmed is left alone. The load is loadgen's own (LOADGEN: the
# command that runs it), with its consumer, under its own run id; its results are not kept.
set -euo pipefail

usage="usage: broker/warmup.sh <duration> <brokers>"
duration=${1:?$usage}
brokers=${2:?$usage}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stamp=${KAFKA_DIR:-$root/.kafka}/warmed
loadgen=${LOADGEN:-node $root/dist/src/cli/main.js}

[[ $duration == 0 || -f $stamp ]] && exit 0
echo "warm-up: the broker was just started; $duration at 50,000 events/s, not reported (BROKER_WARMUP=0 skips it)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# shellcheck disable=SC2086 # LOADGEN is a command line
$loadgen --rate 50000 --workers 2 --duration "$duration" --seed 1 --quiet --out "$out" -b "$brokers" >/dev/null
mkdir -p "$(dirname "$stamp")"
touch "$stamp"
