# The loadgen native addon: the producer and the measuring consumer (docs/native.md). It links the
# librdkafka that node-rdkafka builds during `npm ci` (node_modules/node-rdkafka/build/deps), found through a
# relative rpath, so the process holds one librdkafka whichever client loads it first, and nothing is
# downloaded.
# LOADGEN_NATIVE_SANITIZE=1 at configure time adds AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/native-asan.sh builds that copy in native/build-asan/).
{
  'variables': {
    'rdkafka_dir%': '<!(node -p "require(\'path\').dirname(require.resolve(\'node-rdkafka/package.json\'))")',
    'napi_include%': '<!(node -p "require(\'node-addon-api\').include_dir")',
    # From where the addon lands (build/Release) to librdkafka, for the rpath.
    'rdkafka_rpath%': '<!(node -p "require(\'path\').relative(require(\'path\').resolve(\'build/Release\'), require(\'path\').dirname(require.resolve(\'node-rdkafka/package.json\')) + \'/build/deps\')")',
    'sanitize%': '<!(node -p "process.env.LOADGEN_NATIVE_SANITIZE === \'1\' ? 1 : 0")',
  },
  'targets': [
    {
      'target_name': 'loadgen_native',
      'sources': [
        'src/addon.cc',
        'src/batch.cc',
        'src/client_common.cc',
        'src/consumer_core.cc',
        'src/consumer_stamp.cc',
        'src/consumer_wrap.cc',
        'src/producer_core.cc',
        'src/producer_mock.cc',
        'src/producer_wrap.cc',
      ],
      'include_dirs': ['<(napi_include)'],
      # C++ exceptions on, consistently: node-addon-api turns a thrown Napi::Error into a JavaScript
      # exception, and guarded() (src/addon.h) turns every other C++ exception into one. While a worker is
      # being terminated nothing can be thrown into JavaScript: SWALLOW drops the error then, instead of
      # throwing it on as a C++ exception out of the callback (std::terminate).
      'defines': [
        'NAPI_VERSION=8',
        'NAPI_CPP_EXCEPTIONS',
        'NODE_ADDON_API_CPP_EXCEPTIONS_ALL',
        'NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS',
        'NODE_ADDON_API_DISABLE_DEPRECATED',
      ],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
      # librdkafka's headers as system headers: -Werror holds our code to -Wextra, not theirs.
      'cflags_cc': ['-std=c++17', '-fexceptions', '-Wall', '-Wextra', '-Werror', '-isystem', '<(rdkafka_dir)/build/deps/include'],
      'libraries': [
        '-L<(rdkafka_dir)/build/deps',
        '-lrdkafka',
        "-Wl,-rpath,'$$ORIGIN/<(rdkafka_rpath)'",
      ],
      'conditions': [
        ['sanitize==1', {
          'defines': ['LOADGEN_SANITIZE'],
          'cflags_cc': ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-sanitize=vptr', '-fno-omit-frame-pointer', '-g', '-O1'],
          'ldflags': ['-fsanitize=address,undefined'],
        }],
      ],
    },
  ],
}
