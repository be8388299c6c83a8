#!/usr/bin/env bash
# Runs each uvu suite directory given (compiled tests under dist/) and ends with one plain closing line,
# "tests: N passed, N failed", so a reader (or CI) sees the totals of all suites at once.
#
# Every suite has a time bound, because nothing else bounds it: uvu has no per-test timeout, and one leaked
# child or client keeps a suite's process alive for good (CI would hang until the job's own limit).
#   TEST_SUITE_TIMEOUT  seconds one suite directory may take (default 600: several times what the slowest
#                       suite needs on a loaded 2-core machine, and well inside CI's 30-minute job)
#   TEST_KILL_GRACE     seconds between SIGTERM and SIGKILL at the bound (default 10)
# `timeout` runs the suite in a process group of its own and signals the whole group, so the children a test
# started die with it; the tests' own helper (test/support/child.ts) kills the groups it gave children of
# their own when its process gets that SIGTERM. A suite that ran out of time counts as one failure, reported
# as "run-tests: DIR timed out after N s". Anything a suite leaves behind in its group once it has ended is
# killed too, and named.
set -uo pipefail
bound=${TEST_SUITE_TIMEOUT:-600}
grace=${TEST_KILL_GRACE:-10}
if [[ ! $bound =~ ^[1-9][0-9]*$ || ! $grace =~ ^[1-9][0-9]*$ ]]; then
  echo "run-tests: TEST_SUITE_TIMEOUT and TEST_KILL_GRACE must be whole seconds, not '$bound' and '$grace'" >&2
  exit 2
fi

# The running suite's `timeout` process. Its process group is not the terminal's, so a Ctrl-C (or CI's
# SIGTERM to this script) would not reach the tests: pass it on, and wait for them to end.
suite=
stop() {
  if [[ -n $suite ]]; then
    kill -TERM "$suite" 2>/dev/null
    wait "$suite"
  fi
  exit "$1"
}
trap 'stop 130' INT
trap 'stop 143' TERM

passed=0 failed=0 status=0
for dir in "$@"; do
  log=$(mktemp)
  started=$SECONDS
  timeout --kill-after="$grace" "$bound" npx uvu "$dir" '\.test\.js$' >"$log" 2>&1 &
  suite=$!
  # The output as it comes; tail ends by itself once the suite has (and `wait` below has reaped it).
  tail -n +1 -f --pid="$suite" "$log" &
  follower=$!
  wait "$suite"
  rc=$?
  wait "$follower"
  # 124: the suite ended on SIGTERM at the bound; 137: it needed the SIGKILL (or was killed for memory: hence
  # the elapsed time too).
  timed_out=0
  if ((rc == 124 || rc == 137)) && ((SECONDS - started >= bound)); then
    echo "run-tests: $dir timed out after $bound s" >&2
    timed_out=1
  fi
  # timeout made itself the leader of the suite's group: whatever still lives in it was leaked by a test.
  # (Zombies are dead already: they only wait to be reaped.)
  leftovers=$(ps -e -o pid=,pgid=,stat=,args= | awk -v group="$suite" '$2 == group && $3 !~ /^Z/')
  if [[ -n $leftovers ]]; then
    echo "run-tests: $dir left processes behind; killing them:" >&2
    echo "$leftovers" >&2
    kill -KILL -- "-$suite" 2>/dev/null
  fi
  suite=
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  rm -f "$log"
  if ((timed_out)); then
    failed=$((failed + 1)) status=1
    continue
  fi
  total=$(awk '/^ *Total:/ { print $2 }' <<<"$plain" | tail -n 1)
  ok=$(awk '/^ *Passed:/ { print $2 }' <<<"$plain" | tail -n 1)
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
