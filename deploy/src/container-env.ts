import type { KubeObject } from "./kustomize";

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface ContainerLike {
  name: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
}

/** A ConfigMap's data or a Secret's stringData/data (base64) as plain strings. */
function entriesOf(o: KubeObject): Record<string, string> {
  if (o.kind === "ConfigMap") return (o.data as Record<string, string> | undefined) ?? {};
  const decoded = Object.fromEntries(
    Object.entries((o.data as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );
  return { ...decoded, ...((o.stringData as Record<string, string> | undefined) ?? {}) };
}

/**
 * The environment a container would start with, as the kubelet builds it from `envFrom` and
 * `env` (later entries win). `secrets` stand in for secrets the manifests do not hold (created
 * out of band); a reference nothing resolves is reported in `missing` unless it is optional.
 */
export function resolveContainerEnv(
  container: ContainerLike,
  objects: KubeObject[],
  secrets: Record<string, Record<string, string>> = {},
): { env: Record<string, string>; missing: string[] } {
  const find = (kind: string, name: string): Record<string, string> | undefined => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    if (o) return entriesOf(o);
    return kind === "Secret" ? secrets[name] : undefined;
  };
  const env: Record<string, string> = {};
  const missing: string[] = [];
  for (const from of container.envFrom ?? []) {
    const [kind, ref] = from.configMapRef ? ["ConfigMap", from.configMapRef] : ["Secret", from.secretRef!];
    const values = find(kind, ref.name);
    if (!values) missing.push(`${container.name}: ${kind} ${ref.name}`);
    else Object.assign(env, values);
  }
  for (const v of container.env ?? []) {
    if (v.value !== undefined) {
      env[v.name] = v.value;
      continue;
    }
    const [kind, ref] = v.valueFrom?.secretKeyRef ? ["Secret", v.valueFrom.secretKeyRef] : ["ConfigMap", v.valueFrom?.configMapKeyRef];
    if (!ref) continue;
    const value = find(kind, ref.name)?.[ref.key];
    if (value !== undefined) env[v.name] = value;
    else if (!ref.optional) missing.push(`${container.name}: ${v.name} from ${kind} ${ref.name} key ${ref.key}`);
  }
  return { env, missing };
}
