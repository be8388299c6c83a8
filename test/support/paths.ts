// Paths from a compiled test (dist/test/...) back to the project.
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const loadgenBin = fileURLToPath(new URL('../../../node_modules/.bin/loadgen', import.meta.url));
