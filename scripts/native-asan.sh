#!/usr/bin/env bash
# The native addon under AddressSanitizer and UndefinedBehaviorSanitizer (make test-native-asan): builds a
# separate copy in native/build-asan/ (binding.gyp with LOADGEN_NATIVE_SANITIZE=1, the sources linked, so
# native/build/ is untouched), then runs every native producer and consumer unit test, and the consumer
# threads' (native-measure), against it. Node
# itself is not instrumented, so the ASan runtime is preloaded; leak detection is off (V8 and Node keep
# memory until exit by design); a UBSan finding is fatal (-fno-sanitize-recover=undefined). Expects dist/
# to be built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

stage=native/build-asan
mkdir -p "$stage"
cp native/binding.gyp "$stage/binding.gyp"
ln -sfn ../src "$stage/src"

# node-gyp comes with npm (npm runs it for `npm ci`); outside npm it needs to be told where the Node
# headers are (npm's nodedir setting, if any), or it would try to download them.
node_gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
[[ -f $node_gyp ]] || node_gyp=$(command -v node-gyp)
nodedir=${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}
[[ $nodedir == undefined || $nodedir == null ]] && nodedir=
(cd "$stage" && LOADGEN_NATIVE_SANITIZE=1 node "$node_gyp" rebuild ${nodedir:+--nodedir="$nodedir"} >build.log 2>&1) || {
  cat "$stage/build.log" >&2
  echo "native-asan: the sanitizer build failed" >&2
  exit 1
}

libasan=$(gcc -print-file-name=libasan.so)
[[ -f $libasan ]] || { echo "native-asan: no libasan.so for gcc (install gcc's sanitizer runtime)" >&2; exit 1; }
export LD_PRELOAD=$libasan
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LOADGEN_NATIVE_BUILD=build-asan

node --input-type=module -e "
  const { loadNativeAddon, nativeAddonPath } = await import('./dist/src/kafka/native-producer.js');
  if (!loadNativeAddon().sanitized) { console.error('native-asan: ' + nativeAddonPath() + ' is not the sanitizer build'); process.exit(1); }
  console.log('native-asan: ' + nativeAddonPath());"

failed=()
for test in dist/test/unit/native-producer*.test.js dist/test/unit/native-consumer*.test.js dist/test/unit/native-measure*.test.js; do
  echo "== $test"
  node "$test" || failed+=("$test")
done
if ((${#failed[@]} > 0)); then
  echo "native-asan: FAILED under the sanitizers: ${failed[*]}" >&2
  exit 1
fi
echo "native-asan: every native producer and consumer test passed under ASan + UBSan"
