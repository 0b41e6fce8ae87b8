import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

/** One Kubernetes object as YAML gives it. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
};

/**
 * The part of a kustomization.yaml this repository uses, rendered the way `kustomize build`
 * does: resources (files and directories with their own kustomization), strategic-merge
 * `patches` by file, `images`, `namespace` and metadata-only `labels`. Anything else in a
 * kustomization is refused, so a field added later cannot be silently ignored.
 */
interface Kustomization {
  resources?: string[];
  patches?: { path: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean }[];
}

const knownFields = new Set(["apiVersion", "kind", "resources", "patches", "images", "namespace", "labels"]);

/** Kinds that live outside any namespace (the ones this repository could contain). */
const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "StorageClass"]);

/**
 * Strategic-merge keys of the built-in lists this repository patches (as in the Kubernetes API
 * types' patchMergeKey). Lists of custom resources and any other list are replaced whole.
 */
const mergeKeys: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
  topologySpreadConstraints: "topologyKey",
};

export function readYamlObjects(path: string): KubeObject[] {
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  const objects: KubeObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS() as KubeObject | null;
    if (value !== null) objects.push(value);
  }
  return objects;
}

/** Renders the kustomization in `dir` into the list of objects it produces. */
export function renderKustomization(dir: string): KubeObject[] {
  const file = join(dir, "kustomization.yaml");
  const [k] = readYamlObjects(file) as unknown as Kustomization[];
  if (!k) throw new Error(`${file}: empty`);
  for (const field of Object.keys(k)) {
    if (!knownFields.has(field)) throw new Error(`${file}: field "${field}" is not supported by this renderer`);
  }
  let objects: KubeObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readYamlObjects(path)));
  }
  for (const patch of k.patches ?? []) {
    for (const p of readYamlObjects(resolve(dir, patch.path))) objects = applyPatch(objects, p, join(dir, patch.path));
  }
  for (const image of k.images ?? []) objects.forEach((o) => setImage(o, image));
  if (k.namespace) {
    for (const o of objects) if (!clusterScoped.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  for (const label of k.labels ?? []) {
    if (label.includeSelectors) throw new Error(`${file}: labels with includeSelectors are not supported by this renderer`);
    for (const o of objects) o.metadata.labels = { ...o.metadata.labels, ...label.pairs };
  }
  assertUnique(objects, file);
  return objects;
}

export function objectId(o: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): string {
  const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
  return `${group}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

function assertUnique(objects: KubeObject[], file: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = objectId(o);
    if (seen.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
}

function applyPatch(objects: KubeObject[], patch: KubeObject, file: string): KubeObject[] {
  const sameTarget = (o: KubeObject) =>
    o.kind === patch.kind && o.metadata.name === patch.metadata.name && o.apiVersion.split("/")[0] === patch.apiVersion.split("/")[0];
  const matches = objects.filter(sameTarget);
  if (matches.length !== 1) throw new Error(`${file}: patch target ${patch.kind}/${patch.metadata.name} matches ${matches.length} objects`);
  const builtIn = !patch.apiVersion.includes(".") || patch.apiVersion.endsWith(".k8s.io/v1");
  return objects.map((o) => (sameTarget(o) ? (mergeValue(o, patch, builtIn) as KubeObject) : o));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Strategic merge: maps merge key by key, `null` deletes, keyed lists merge by their key. */
function mergeValue(base: unknown, patch: unknown, builtIn: boolean, field?: string): unknown {
  if (isPlainObject(base) && isPlainObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? mergeValue(base[key], value, builtIn, key) : value;
    }
    return out;
  }
  const key = field ? mergeKeys[field] : undefined;
  if (builtIn && key && Array.isArray(base) && Array.isArray(patch)) {
    const out = [...base] as Record<string, unknown>[];
    for (const item of patch as Record<string, unknown>[]) {
      const at = out.findIndex((b) => b[key] === item[key]);
      if (at >= 0) out[at] = mergeValue(out[at], item, builtIn) as Record<string, unknown>;
      else out.push(item);
    }
    return out;
  }
  return patch;
}

/** The images transformer: every container image named `name` (with or without a tag) is rewritten. */
function setImage(o: KubeObject, image: { name: string; newName?: string; newTag?: string }): void {
  visitContainers(o, (container) => {
    const current = container.image;
    if (typeof current !== "string") return;
    const [repo, tag] = splitImage(current);
    if (repo !== image.name) return;
    container.image = `${image.newName ?? repo}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ""}`;
  });
}

function splitImage(ref: string): [string, string | undefined] {
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}

/** Calls `fn` on every container and init container of a workload's pod template. */
export function visitContainers(o: KubeObject, fn: (container: Record<string, unknown>) => void): void {
  const pod = podSpecOf(o);
  if (!pod) return;
  for (const list of ["containers", "initContainers"]) {
    const containers = pod[list];
    if (Array.isArray(containers)) containers.forEach((c) => fn(c as Record<string, unknown>));
  }
}

/** The pod spec of a Deployment, StatefulSet, DaemonSet, Job or CronJob; undefined otherwise. */
export function podSpecOf(o: KubeObject): Record<string, unknown> | undefined {
  type Template = { template?: { spec?: Record<string, unknown> } };
  const spec = o.spec as (Template & { jobTemplate?: { spec?: Template } }) | undefined;
  if (o.kind === "CronJob") return spec?.jobTemplate?.spec?.template?.spec;
  if (["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"].includes(o.kind)) return spec?.template?.spec;
  return undefined;
}

export const deployRoot = resolve(dirname(new URL(import.meta.url).pathname), "..");
