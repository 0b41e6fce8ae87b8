import type { TestApi, TestRequestInit } from "./harness";

export const V1 = "/api/image-builder/v1";
export const V10 = "/api/image-builder/v1.0";
export const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface ErrorBody {
  errors: { title: string; detail: string }[];
}

const guestImage = { architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } };
const awsImage = {
  architecture: "x86_64",
  image_type: "aws",
  upload_request: { type: "aws", options: { share_with_accounts: ["123456789012"] } },
};

/** A valid create body (one guest image on rhel-9); `patch` replaces top-level fields. */
export function blueprintBody(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `bp-${Math.random().toString(36).slice(2, 10)}`,
    description: "a blueprint",
    distribution: "rhel-9",
    image_requests: [guestImage],
    customizations: { locale: { languages: ["C.UTF-8"] }, timezone: { timezone: "Etc/UTC" } },
    ...patch,
  };
}

/** The console's "multi-target" blueprint: a guest image and an AWS image. */
export function twoImageBlueprint(patch: Record<string, unknown> = {}) {
  return blueprintBody({ image_requests: [guestImage, awsImage], ...patch });
}

/** Small JSON helpers over the in-process API. */
export function blueprintClient(api: TestApi) {
  const call = async <T>(method: string, path: string, init: TestRequestInit = {}) => {
    const res = await api.request(path.startsWith("/api/") ? path : `${V1}${path}`, { method, ...init });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, res };
  };
  return {
    call,
    create: (body: unknown, init: TestRequestInit = {}) => call<{ id: string } & Partial<ErrorBody>>("POST", "/blueprints", { json: body, ...init }),
    update: (id: string, body: unknown, init: TestRequestInit = {}) =>
      call<{ id: string } & Partial<ErrorBody>>("PUT", `/blueprints/${id}`, { json: body, ...init }),
    get: <T = Record<string, unknown>>(id: string, query = "", init: TestRequestInit = {}) =>
      call<T & Partial<ErrorBody>>("GET", `/blueprints/${id}${query}`, init),
    list: <T = BlueprintList>(query = "", init: TestRequestInit = {}) => call<T>("GET", `/blueprints${query}`, init),
    remove: (id: string, init: TestRequestInit = {}) => call<ErrorBody | undefined>("DELETE", `/blueprints/${id}`, init),
    compose: (id: string, body?: unknown, init: TestRequestInit = {}) =>
      call<{ id: string }[] & Partial<ErrorBody>>("POST", `/blueprints/${id}/compose`, { json: body, ...init }),
    composes: (id: string, query = "", init: TestRequestInit = {}) =>
      call<ComposeList & Partial<ErrorBody>>("GET", `/blueprints/${id}/composes${query}`, init),
    exportOf: (id: string, init: TestRequestInit = {}) => call<Record<string, unknown> & Partial<ErrorBody>>("GET", `/blueprints/${id}/export`, init),
    /** Creates and returns the id, failing loudly otherwise. */
    async createOk(body: unknown, init: TestRequestInit = {}): Promise<string> {
      const { status, body: created } = await call<{ id: string }>("POST", "/blueprints", { json: body, ...init });
      if (status !== 201) throw new Error(`create failed with ${status}: ${JSON.stringify(created)}`);
      return created.id;
    },
  };
}

export interface BlueprintList {
  meta: { count: number };
  links: { first: string; last: string };
  data: { id: string; name: string; description: string; version: number; last_modified_at: string }[];
}

export interface ComposeList {
  meta: { count: number };
  links: { first: string; last: string };
  data: {
    id: string;
    request: Record<string, unknown>;
    created_at: string;
    image_name?: string;
    client_id?: string;
    blueprint_id?: string;
    blueprint_version?: number;
  }[];
}
