#!/usr/bin/env bash
# Debian's Prometheus on this machine, for users without Docker: `make prometheus-up` starts it on
# 127.0.0.1:9090 scraping loadgen's --metrics-port 9464 every second (observability/prometheus.local.yml, the
# same scrape as the compose profile's), data in .prometheus/; `make prometheus-down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.prometheus
pidfile=$state/prometheus.pid

case ${1:-} in
  up)
    if ! command -v prometheus >/dev/null 2>&1; then
      echo "prometheus.sh: Prometheus is not installed; on Debian/Ubuntu: sudo apt-get install prometheus" >&2
      exit 1
    fi
    if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "prometheus: already running (pid $(cat "$pidfile")) on http://127.0.0.1:9090"
      exit 0
    fi
    mkdir -p "$state"
    nohup prometheus --config.file=observability/prometheus.local.yml --storage.tsdb.path="$state/data" \
      --web.listen-address=127.0.0.1:9090 >"$state/prometheus.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 60); do
      if curl -fsS http://127.0.0.1:9090/-/ready >/dev/null 2>&1; then
        echo "prometheus: http://127.0.0.1:9090, scraping 127.0.0.1:9464 (run loadgen with --metrics-port 9464)"
        exit 0
      fi
      kill -0 "$(cat "$pidfile")" 2>/dev/null || break
      sleep 0.5
    done
    echo "prometheus.sh: Prometheus did not become ready; see $state/prometheus.log" >&2
    exit 1
    ;;
  down)
    if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; echo "prometheus: stopped"; fi
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: observability/prometheus.sh up|down" >&2
    exit 2
    ;;
esac
