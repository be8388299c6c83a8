// Checks deploy/k8s as `kubectl apply -k` would see it, run by `make lint` and test/unit/k8s-manifests in
// `make test` (no cluster, no kubectl here):
// - every object, the ConfigMaps the kustomizations generate included, against the Kubernetes API's own
//   OpenAPI schemas (kubernetes-models: the published schemas compiled into validators);
// - what the schemas cannot know: the Job is Indexed with completions = parallelism = the run's INSTANCES,
//   every ConfigMap, Secret and claim it mounts or reads exists (or is the documented Secret), and run.json is
//   a run loadgen itself accepts (resolveRunConfig, as each pod would resolve it).
// `node dist/scripts/validate-k8s.js [DIR]` prints each object checked and exits 1 on the first problem.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { mergeConfigFile, resolveRunConfig } from '../src/config/run-config.js';
import { projectRoot } from './project-root.js';

/** The Secret the Job reads the brokers and credentials from: made by the user (docs/scale-out.md). */
export const CONNECTION_SECRET = 'loadgen-connection';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly [key: string]: unknown;
}

/** kubernetes-models' validator of an object's apiVersion and kind (core "v1" objects live at its root). */
export async function validateObject(object: K8sObject): Promise<void> {
  const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = ((await import(module)) as Record<string, new (data: unknown) => { validate(): void }>)[object.kind] as typeof Model;
  } catch {
    throw new Error(`${object.kind} ${object.metadata?.name}: no schema for ${object.apiVersion} ${object.kind}`);
  }
  try {
    new Model(object).validate();
  } catch (err) {
    throw new Error(`${object.kind} ${object.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

interface Kustomization {
  resources?: string[];
  configMapGenerator?: { name: string; files?: string[]; literals?: string[] }[];
}

/** The objects a kustomization directory yields: its resources, and the ConfigMaps it generates. */
export function kustomize(dir: string): K8sObject[] {
  const k = readYaml(join(dir, 'kustomization.yaml'))[0] as Kustomization;
  const objects = (k.resources ?? []).flatMap((file) => readYaml(join(dir, file)) as K8sObject[]);
  for (const generator of k.configMapGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const file of generator.files ?? []) data[file.split('/').pop() as string] = readFileSync(join(dir, file), 'utf8');
    for (const literal of generator.literals ?? []) {
      const eq = literal.indexOf('=');
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data });
  }
  return objects;
}

function readYaml(path: string): unknown[] {
  if (!existsSync(path)) throw new Error(`${path}: missing`);
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
    return doc.toJS() as unknown;
  });
}

/** The checks beyond the schemas, over the run's objects and the merge's. */
export function checkRun(objects: readonly K8sObject[], merge: readonly K8sObject[]): void {
  const byKind = (kind: string, from = objects) => from.filter((o) => o.kind === kind);
  const configMaps = new Map(byKind('ConfigMap').map((c) => [c.metadata.name, c['data'] as Record<string, string>]));
  const claims = new Set(byKind('PersistentVolumeClaim').map((c) => c.metadata.name));
  const start = configMaps.get('loadgen-start');
  if (!start) throw new Error('ConfigMap loadgen-start: missing (RUN_ID, START_AT, SEED, INSTANCES)');
  const instances = Number(start['INSTANCES']);
  const [job] = byKind('Job');
  if (!job) throw new Error('the instances\' Job: missing');
  const spec = job['spec'] as { completionMode?: string; completions?: number; parallelism?: number; template: { spec: PodSpec } };
  if (spec.completionMode !== 'Indexed') throw new Error(`Job ${job.metadata.name}: completionMode must be Indexed (each pod's index is its --instance)`);
  if (spec.completions !== instances || spec.parallelism !== instances) {
    throw new Error(`Job ${job.metadata.name}: completions (${spec.completions}) and parallelism (${spec.parallelism}) must both be INSTANCES (${instances}): every instance runs at once`);
  }
  for (const [name, pod] of [[job.metadata.name, spec.template.spec], ...byKind('Job', merge).map((j) => [j.metadata.name, (j['spec'] as typeof spec).template.spec] as const)] as const) {
    checkReferences(name, pod, configMaps, claims);
  }
  // run.json: a run loadgen accepts, resolved as a pod would (with the start's seed, a start ahead, its index).
  const run = configMaps.get('loadgen-run')?.['run.json'];
  if (run === undefined) throw new Error('ConfigMap loadgen-run: run.json missing');
  const flags = mergeConfigFile({ seed: start['SEED'], startAt: start['START_AT'], runId: start['RUN_ID'], instance: '0' }, JSON.parse(run), 'run.json');
  resolveRunConfig(flags, { env: { LOADGEN_INSTANCES: String(instances) }, nowMs: Date.parse(start['START_AT'] ?? '') - 60_000, randomU32: () => 0 });
}

interface PodSpec {
  containers: { name: string; env?: { valueFrom?: { configMapKeyRef?: { name: string; key: string } } }[] }[];
  volumes?: { configMap?: { name: string }; secret?: { secretName: string }; persistentVolumeClaim?: { claimName: string } }[];
}

function checkReferences(job: string, pod: PodSpec, configMaps: ReadonlyMap<string, Record<string, string>>, claims: ReadonlySet<string>): void {
  for (const volume of pod.volumes ?? []) {
    if (volume.configMap && !configMaps.has(volume.configMap.name)) throw new Error(`Job ${job}: mounts ConfigMap ${volume.configMap.name}, which is not generated`);
    if (volume.secret && volume.secret.secretName !== CONNECTION_SECRET) throw new Error(`Job ${job}: mounts Secret ${volume.secret.secretName}; the documented one is ${CONNECTION_SECRET}`);
    if (volume.persistentVolumeClaim && !claims.has(volume.persistentVolumeClaim.claimName)) throw new Error(`Job ${job}: claims ${volume.persistentVolumeClaim.claimName}, which is not among the resources`);
  }
  for (const container of pod.containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.configMapKeyRef;
      if (ref && configMaps.get(ref.name)?.[ref.key] === undefined) throw new Error(`Job ${job}: reads ${ref.name}/${ref.key}, which is not there`);
    }
  }
}

/** Everything in DIR (default deploy/k8s) and DIR/merge; returns the objects checked. */
export async function validateDeploy(dir = join(projectRoot, 'deploy', 'k8s')): Promise<K8sObject[]> {
  const objects = kustomize(dir);
  const merge = kustomize(join(dir, 'merge'));
  for (const object of [...objects, ...merge]) await validateObject(object);
  checkRun(objects, merge);
  return [...objects, ...merge];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  validateDeploy(process.argv[2] ?? join(projectRoot, 'deploy', 'k8s')).then(
    (objects) => {
      for (const o of objects) console.log(`valid: ${o.apiVersion} ${o.kind} ${o.metadata.name}`);
      console.log(`deploy/k8s: ${objects.length} objects valid against the Kubernetes schemas; the Job, its references and run.json check out`);
    },
    (err: unknown) => {
      console.error(`deploy/k8s: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
