#!/usr/bin/env bash
# Runs each uvu suite directory given (compiled tests under dist/) and ends with one plain closing line,
# "tests: N passed, N failed", so a reader (or CI) sees the totals of all suites at once.
set -uo pipefail
passed=0 failed=0 status=0
for dir in "$@"; do
  log=$(mktemp)
  npx uvu "$dir" '\.test\.js$' 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  total=$(awk '/^ *Total:/ { print $2 }' <<<"$plain" | tail -n 1)
  ok=$(awk '/^ *Passed:/ { print $2 }' <<<"$plain" | tail -n 1)
  rm -f "$log"
  if [[ -z $total || -z $ok ]]; then
    echo "run-tests: $dir did not finish (exit $rc)" >&2
    failed=$((failed + 1)) status=1
    continue
  fi
  passed=$((passed + ok)) failed=$((failed + total - ok))
  ((rc == 0)) || status=1
done
echo "tests: $passed passed, $failed failed"
exit "$status"
