// deploy/k8s (scripts/validate-k8s.ts): every object valid against the Kubernetes API's schemas, the Job
// Indexed with one pod per instance, its references resolved, run.json a run loadgen accepts; and each of
// those checks refuses what breaks it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRun, kustomize, validateDeploy, validateObject, type K8sObject } from '../../scripts/validate-k8s.js';
import { join } from 'node:path';
import { projectRoot } from '../support/paths.js';

const dir = join(projectRoot, 'deploy', 'k8s');

test('deploy/k8s as kubectl apply -k sees it: valid objects, a consistent Job, a run loadgen accepts', async () => {
  const objects = await validateDeploy(dir);
  assert.equal(objects.map((o) => `${o.kind} ${o.metadata.name}`), ['PersistentVolumeClaim loadgen-results', 'Job loadgen', 'ConfigMap loadgen-run', 'ConfigMap loadgen-start', 'Job loadgen-merge']);
});

test('each check refuses what breaks it', async () => {
  const objects = kustomize(dir);
  const merge = kustomize(join(dir, 'merge'));
  const job = objects.find((o) => o.kind === 'Job') as K8sObject;
  const withJob = (spec: Record<string, unknown>) => objects.map((o) => (o === job ? { ...job, spec: { ...(job['spec'] as object), ...spec } } : o));
  // The schema: completions is an integer.
  await validateObject({ ...job, spec: { ...(job['spec'] as object), completions: 'three' } }).then(() => assert.unreachable('accepted'), (err: Error) => assert.match(err.message, /^Job loadgen: .*completions must be integer/));
  await validateObject({ apiVersion: 'batch/v9', kind: 'Job', metadata: { name: 'x' } }).then(() => assert.unreachable('accepted'), (err: Error) => assert.match(err.message, /no schema for batch\/v9 Job/));
  assert.throws(() => checkRun(withJob({ parallelism: 2 }), merge), /completions \(3\) and parallelism \(2\) must both be INSTANCES \(3\)/);
  assert.throws(() => checkRun(withJob({ completionMode: 'NonIndexed' }), merge), /completionMode must be Indexed/);
  const runWith = (json: string) => objects.map((o) => (o.metadata.name === 'loadgen-run' ? { ...o, data: { 'run.json': json } } : o));
  assert.throws(() => checkRun(runWith('{"rate": 1000, "speed": 2}'), merge), /--config run\.json: unknown option "speed"/);
  assert.throws(() => checkRun(runWith('{"rate": "fast"}'), merge), /invalid value for --rate: "fast"/);
  const noClaim = objects.filter((o) => o.kind !== 'PersistentVolumeClaim');
  assert.throws(() => checkRun(noClaim, merge), /claims loadgen-results, which is not among the resources/);
});

test.run();
