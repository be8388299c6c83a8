// loadgen's version, in one place: `loadgen --version` and every summary.json's loadgen_version.
// test/unit/version.test.ts holds it equal to package.json's.
export const LOADGEN_VERSION = '0.1.0';
