#!/usr/bin/env bash
# The system packages loadgen needs, installed with apt-get when they are missing (Debian/Ubuntu, as root or
# with password-less sudo). node-rdkafka compiles librdkafka on `npm ci` and silently leaves out whatever
# headers are missing, so these must be in place before it: OpenSSL (TLS), Cyrus SASL, zstd, lz4 and zlib.
# Java 17+ and Maven run the local broker when there is no Docker engine; kcat is for smoke checks.
# `system-deps.sh test` adds what only the tests need: Chromium, which renders report.html headless, and
# Prometheus (with promtool), which scrapes a run's --metrics-port.
set -euo pipefail

packages=(build-essential python3 libssl-dev libsasl2-dev libzstd-dev liblz4-dev zlib1g-dev kcat)
# jq reads --log-format json in the tests (and is handy with it).
if [[ ${1:-} == test ]] && ! command -v jq >/dev/null 2>&1; then packages+=(jq); fi
# (Ubuntu's chromium package is a snap stub; GitHub's runners bring Google Chrome, which the test also uses.)
if [[ ${1:-} == test ]] && ! command -v chromium >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then packages+=(chromium); fi
if [[ ${1:-} == test ]] && ! command -v prometheus >/dev/null 2>&1; then packages+=(prometheus); fi
if ! command -v java >/dev/null 2>&1; then packages+=(default-jre-headless); fi
if ! command -v mvn >/dev/null 2>&1; then packages+=(maven); fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; install by hand: a C/C++ toolchain, python3, and the development" \
    "files of OpenSSL, Cyrus SASL, zstd, lz4 and zlib; Java 17+ and Maven (or Docker); kcat (optional)" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]]; then sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo)
else
  echo "system-deps: missing packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
