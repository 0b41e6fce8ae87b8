import * as keda from "@kubernetes-models/keda/keda.sh/v1alpha1";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as autoscalingV2 from "kubernetes-models/autoscaling/v2";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as coreV1 from "kubernetes-models/v1";
import type { KubeObject } from "./kustomize";

type ModelClass = new (data: never) => { validate(): void };

/** The Kubernetes API groups (and KEDA's CRDs) this repository's objects may belong to. */
const schemas: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  "apps/v1": appsV1,
  "autoscaling/v2": autoscalingV2,
  "batch/v1": batchV1,
  "policy/v1": policyV1,
  "keda.sh/v1alpha1": keda,
};

/** The schema model of one object's apiVersion and kind; throws when there is none. */
export function modelFor(apiVersion: string, kind: string): ModelClass {
  const model = schemas[apiVersion]?.[kind];
  if (typeof model !== "function") throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model as ModelClass;
}

/** Validates an object against its OpenAPI schema: the problems found, empty when valid. */
export function schemaProblems(o: KubeObject): string[] {
  try {
    new (modelFor(o.apiVersion, o.kind))(o as never).validate();
    return [];
  } catch (err) {
    return [`${o.kind}/${o.metadata?.name}: ${(err as Error).message}`];
  }
}

/** Validates a fragment (a container, a volume...) against one core/v1 type's schema. */
export function coreProblems(kind: string, value: unknown, where: string): string[] {
  try {
    new (modelFor("v1", kind))(value as never).validate();
    return [];
  } catch (err) {
    return [`${where}: ${(err as Error).message}`];
  }
}
