// Rendered manifests are untyped YAML: the checks below walk them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { loadAllowList } from "@ib/core/catalog";
import { parseQuotaFile } from "@ib/core/quota";
import { parseRateLimitFile } from "@ib/core/rate-limit";
import { apiEnvSchema } from "../../apps/api/src/env";
import { parseWorkerEnv, workerEnvSchema } from "../../apps/worker/src/env";
import { resolveContainerEnv, type ContainerLike } from "../src/container-env";
import { deployRoot, type KubeObject, objectId, podSpecOf, readYamlObjects, renderKustomization } from "../src/kustomize";
import { type OpenShiftTemplate, processTemplate, referencedParameters } from "../src/openshift-template";
import { coreProblems, schemaProblems } from "../src/validate";

const overlays = ["local", "production"] as const;
const rendered = Object.fromEntries(overlays.map((o) => [o, renderKustomization(join(deployRoot, "overlays", o))])) as Record<
  (typeof overlays)[number],
  KubeObject[]
>;

/** Secrets production expects to exist (docs/operations.md lists them), with stand-in values. */
const outOfBandSecrets = {
  "image-builder-db": { "db.host": "db", "db.port": "5432", "db.user": "ib", "db.password": "pw", "db.name": "imagebuilder" },
  "image-builder-redis": { url: "redis://redis:6379" },
  "composer-secrets": { client_id: "id", client_secret: "secret" },
};

const find = (objects: KubeObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const containersOf = (o: KubeObject) => {
  const pod = podSpecOf(o) ?? {};
  return [...((pod.initContainers as ContainerLike[]) ?? []), ...((pod.containers as ContainerLike[]) ?? [])] as (ContainerLike &
    Record<string, any>)[];
};
const workloads = (objects: KubeObject[]) => objects.filter((o) => podSpecOf(o));

/** `kubectl kustomize`, when a kubectl with kustomize built in is on this machine. */
function kubectlKustomize(dir: string): KubeObject[] | undefined {
  try {
    const out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60_000 });
    return parseAllDocuments(out).map((d) => d.toJS() as KubeObject);
  } catch {
    return undefined;
  }
}

describe.each(overlays)("overlay %s", (overlay) => {
  const objects = rendered[overlay];

  it("renders the base and the overlay into the objects a cluster runs", () => {
    const ids = objects.map(objectId);
    for (const id of [
      "apps/Deployment/image-builder/image-builder-api",
      "/Service/image-builder/image-builder-api",
      "policy/PodDisruptionBudget/image-builder/image-builder-api",
      "autoscaling/HorizontalPodAutoscaler/image-builder/image-builder-api",
      "apps/Deployment/image-builder/image-builder-worker",
      "keda.sh/ScaledObject/image-builder/image-builder-worker",
      "/ConfigMap/image-builder/image-builder-files",
      "/ConfigMap/image-builder/image-builder-settings",
    ]) {
      expect(ids).toContain(id);
    }
    for (const o of objects) expect(o.metadata.labels?.["app.kubernetes.io/part-of"], objectId(o)).toBe("image-builder");
  });

  it("renders exactly as kubectl kustomize does (when kubectl is installed)", (ctx) => {
    const reference = kubectlKustomize(join(deployRoot, "overlays", overlay));
    if (!reference) return ctx.skip();
    const byId = (list: KubeObject[]) => Object.fromEntries(list.map((o) => [objectId(o), o]));
    expect(byId(objects)).toEqual(byId(reference));
  });

  it("validates every object against the Kubernetes and KEDA schemas", () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it("runs every container unprivileged, read-only, capabilities dropped, with requests and limits", () => {
    for (const w of workloads(objects)) {
      const pod = podSpecOf(w)! as Record<string, any>;
      expect(pod.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
      expect(pod.securityContext?.runAsUser, w.metadata.name).toBeGreaterThan(0);
      for (const c of containersOf(w)) {
        const where = `${w.metadata.name}/${c.name}`;
        expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext?.capabilities?.drop, where).toEqual(["ALL"]);
        for (const r of ["cpu", "memory"]) {
          expect(c.resources?.requests?.[r], `${where} requests.${r}`).toBeDefined();
          expect(c.resources?.limits?.[r], `${where} limits.${r}`).toBeDefined();
        }
      }
    }
  });

  it("probes the API on /ready and the worker on its health port, on the ports the apps listen on", () => {
    const api = find(objects, "Deployment", "image-builder-api")!;
    const [apiContainer] = containersOf(api).filter((c) => c.name === "api");
    expect(apiContainer!.readinessProbe.httpGet).toEqual({ path: "/ready", port: "http" });
    const apiPort = apiContainer!.ports.find((p: { name: string }) => p.name === "http").containerPort;
    expect(apiContainer!.env!.find((e) => e.name === "LISTEN_ADDRESS")!.value).toBe(`0.0.0.0:${apiPort}`);

    const worker = find(objects, "Deployment", "image-builder-worker")!;
    const [workerContainer] = containersOf(worker).filter((c) => c.name === "worker");
    expect(workerContainer!.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "metrics" });
    expect(workerContainer!.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    const metricsPort = workerContainer!.ports.find((p: { name: string }) => p.name === "metrics").containerPort;
    expect(workerContainer!.env!.find((e) => e.name === "METRICS_PORT")!.value).toBe(String(metricsPort));
  });

  it("points every Service, budget and autoscaler at a workload that exists", () => {
    const templates = workloads(objects).map((w) => ({
      name: w.metadata.name,
      labels: ((w.spec as any).template.metadata.labels ?? {}) as Record<string, string>,
    }));
    const selects = (selector: Record<string, string>) =>
      templates.filter((t) => Object.entries(selector).every(([k, v]) => t.labels[k] === v)).map((t) => t.name);
    for (const o of objects) {
      const spec = o.spec as any;
      if (o.kind === "Service") expect(selects(spec.selector), objectId(o)).toHaveLength(1);
      if (o.kind === "PodDisruptionBudget") expect(selects(spec.selector.matchLabels), objectId(o)).toHaveLength(1);
      if (o.kind === "HorizontalPodAutoscaler" || o.kind === "ScaledObject") {
        expect(find(objects, "Deployment", spec.scaleTargetRef.name), objectId(o)).toBeDefined();
      }
    }
    // Workloads the HPA or KEDA sizes are not also sized by hand against it.
    const hpa = find(objects, "HorizontalPodAutoscaler", "image-builder-api")!.spec as { minReplicas: number; maxReplicas: number };
    expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
  });

  it("starts every container with an environment its app accepts, every reference resolved", () => {
    const secrets = overlay === "production" ? outOfBandSecrets : {};
    for (const w of workloads(objects)) {
      for (const c of containersOf(w)) {
        const { env, missing } = resolveContainerEnv(c, objects, secrets);
        expect(missing, `${w.metadata.name}/${c.name}`).toEqual([]);
        if (c.name === "api") {
          const parsed = apiEnvSchema.safeParse(env);
          expect(parsed.error?.issues ?? [], "api env").toEqual([]);
          expect(parsed.data?.REDIS_URL).toBe(outOfBandSecrets["image-builder-redis"].url);
          for (const name of Object.keys(env)) expect(knownVariables, `api sets ${name}`).toContain(name);
        }
        if (c.name === "worker") {
          expect(() => parseWorkerEnv(env)).not.toThrow();
          for (const name of Object.keys(env)) expect(knownVariables, `worker sets ${name}`).toContain(name);
        }
      }
    }
    for (const o of objects.filter((x) => x.kind === "Secret")) expect(overlay, `secret ${o.metadata.name}`).toBe("local");
  });

  it("mounts quota, allow and rate-limit files the service's own parsers accept", () => {
    const files = find(objects, "ConfigMap", "image-builder-files")!.data as Record<string, string>;
    expect(() => parseQuotaFile(files["quotas.json"]!)).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), "ib-deploy-"));
    try {
      writeFileSync(join(dir, "allow.json"), files["allow_list.json"]!);
      expect(() => loadAllowList(join(dir, "allow.json"))).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => parseRateLimitFile(files["rate_limits.json"]!)).not.toThrow();
    const settings = find(objects, "ConfigMap", "image-builder-settings")!.data as Record<string, string>;
    const mountPath = containersOf(find(objects, "Deployment", "image-builder-api")!)
      .find((c) => c.name === "api")!
      .volumeMounts.find((m: { name: string }) => m.name === "files").mountPath;
    expect(settings.QUOTA_FILE).toBe(`${mountPath}/quotas.json`);
    expect(settings.ALLOW_FILE).toBe(`${mountPath}/allow_list.json`);
    expect(settings.RATE_LIMIT_FILE).toBe(`${mountPath}/rate_limits.json`);
  });
});

/** What the apps read: their env schemas, libpq's PG* (packages/db), Node's own. */
const knownVariables = [
  ...Object.keys(apiEnvSchema.shape),
  ...Object.keys(workerEnvSchema.shape),
  ...["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "NODE_OPTIONS"],
];

describe("the renderer", () => {
  it("refuses kustomization fields it does not implement, and conflicting objects", () => {
    const dir = mkdtempSync(join(tmpdir(), "ib-kustomize-"));
    try {
      writeFileSync(join(dir, "kustomization.yaml"), "resources: [a.yaml]\nreplicas: [{name: x, count: 2}]\n");
      writeFileSync(join(dir, "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
      expect(() => renderKustomization(dir)).toThrow(/replicas/);
      writeFileSync(join(dir, "kustomization.yaml"), "resources: [a.yaml, a.yaml]\n");
      expect(() => renderKustomization(dir)).toThrow(/defined twice/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("merges a patch into containers by name and env by name, keeping the rest", () => {
    const dir = mkdtempSync(join(tmpdir(), "ib-kustomize-"));
    try {
      mkdirSync(join(dir, "base"));
      const deployment = (containers: string) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: ${containers}\n`;
      writeFileSync(join(dir, "base", "kustomization.yaml"), "resources: [d.yaml]\n");
      writeFileSync(
        join(dir, "base", "d.yaml"),
        deployment("[{name: a, image: x, env: [{name: A, value: '1'}, {name: B, value: '2'}]}, {name: b, image: y}]"),
      );
      writeFileSync(join(dir, "p.yaml"), deployment("[{name: a, env: [{name: B, value: '3'}, {name: C, value: '4'}]}]"));
      writeFileSync(join(dir, "kustomization.yaml"), "resources: [base]\npatches: [{path: p.yaml}]\nimages: [{name: x, newTag: '7'}]\n");
      const [d] = renderKustomization(dir);
      const containers = (d!.spec as any).template.spec.containers;
      expect(containers).toEqual([
        { name: "a", image: "x:7", env: [{ name: "A", value: "1" }, { name: "B", value: "3" }, { name: "C", value: "4" }] },
        { name: "b", image: "y" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("schema validation", () => {
  it("reports a broken object (so a passing check means something)", () => {
    const api = structuredClone(find(rendered.local, "Deployment", "image-builder-api")!);
    const containers = (api.spec as any).template.spec.containers;
    delete containers[0].name;
    containers[0].ports[0].containerPort = "eighty";
    const problems = schemaProblems(api).join("\n");
    expect(problems).toMatch(/required property name/);
    expect(problems).toMatch(/containerPort must be integer/);
    expect(schemaProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual([
      "Widget/w: no schema for example.com/v1 Widget",
    ]);
  });
});

describe("the ClowdApp template", () => {
  const [template] = readYamlObjects(join(deployRoot, "clowder", "image-builder.yml")) as unknown as OpenShiftTemplate[];
  const objects = processTemplate(template!, { ENV_NAME: "env-stage", IMAGE_TAG: "abc123" });

  it("declares every parameter it uses and uses every one it declares", () => {
    const declared = template!.parameters.map((p) => p.name).sort();
    expect([...referencedParameters(template!)].sort()).toEqual(declared);
    expect(() => processTemplate(template!, { ENV_NAME: "x" })).toThrow(/IMAGE_TAG is required/);
  });

  it("holds objects valid against the Kubernetes and KEDA schemas, and ClowdApp pod specs valid as containers", () => {
    const clowdApp = objects.find((o) => o.kind === "ClowdApp")!;
    expect(objects.filter((o) => o !== clowdApp).flatMap(schemaProblems)).toEqual([]);
    const spec = clowdApp.spec as { envName: string; deployments: { name: string; replicas: unknown; podSpec: Record<string, any> }[] };
    expect(spec.envName).toBe("env-stage");
    expect(spec.deployments.map((d) => d.name)).toEqual(["api", "worker"]);
    const problems: string[] = [];
    for (const d of spec.deployments) {
      expect(typeof d.replicas, d.name).toBe("number");
      const { volumes, initContainers, ...container } = d.podSpec;
      problems.push(...coreProblems("Container", { name: d.name, ...container }, `${d.name} podSpec`));
      for (const v of volumes ?? []) problems.push(...coreProblems("Volume", v, `${d.name} volume`));
      for (const init of initContainers ?? []) {
        const { inheritEnv: _inherit, ...rest } = init;
        problems.push(...coreProblems("Container", rest, `${d.name} init container`));
      }
      const { env, missing } = resolveContainerEnv({ name: d.name, env: d.podSpec.env }, [], {
        ...outOfBandSecrets,
        "image-builder-db": outOfBandSecrets["image-builder-db"],
      });
      expect(missing).toEqual([]);
      if (d.name === "api") expect(apiEnvSchema.safeParse(env).error?.issues ?? []).toEqual([]);
      else expect(() => parseWorkerEnv(env)).not.toThrow();
      expect(d.podSpec.image).toMatch(/:abc123$/);
    }
    expect(problems).toEqual([]);
    const scaled = objects.find((o) => o.kind === "ScaledObject")!;
    expect((scaled.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).toBe("image-builder-worker");
  });
});
