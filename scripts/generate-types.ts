// Generates src/events/types.generated.ts from the event, scenario and run-summary schemas with
// json-schema-to-typescript.
//   node dist/scripts/generate-types.js          write the file (npm run schemas)
//   node dist/scripts/generate-types.js --check  exit 1 when the committed file is stale (npm run schemas:check)
// All event schemas are compiled through one in-memory root that references them by file name, so each shared
// definition is declared once; refs resolve against schemas/ (cwd), the same way ajv resolves them by $id.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { EVENT_TYPES } from '../src/events/event-types.js';
import { projectRoot } from './project-root.js';

const schemasDir = join(projectRoot, 'schemas');
const target = join(projectRoot, 'src/events/types.generated.ts');

const root = {
  title: 'LoadgenEvent',
  description: 'Any event loadgen produces (the value of a Kafka record; a catalog tombstone has no value).',
  oneOf: EVENT_TYPES.map((type) => ({ $ref: `${type}.schema.json` })),
} as JSONSchema;

const options = {
  cwd: schemasDir,
  bannerComment: '',
  additionalProperties: false,
  style: { singleQuote: true, printWidth: 120 },
};
const banner = '/* Generated from schemas/*.schema.json by `npm run schemas`. Do not edit; CI fails when stale. */\n';
const schema = (file: string) => JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as JSONSchema;
const generated =
  banner +
  (await compile(root, 'LoadgenEvent', options)) +
  '\n' +
  (await compile(schema('scenario.schema.json'), 'Scenario', options)) +
  '\n' +
  (await compile(schema('summary.schema.json'), 'RunSummary', options));

if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== generated) {
    console.error('schemas:check: src/events/types.generated.ts is stale; run `npm run schemas` and commit it');
    process.exit(1);
  }
  console.log('schemas:check: generated types are up to date');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
