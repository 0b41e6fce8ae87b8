import { readFileSync } from "node:fs";
import { createConsoleSim } from "../src/index";

export const stackFixture = JSON.parse(readFileSync(new URL("../fixtures/stack.json", import.meta.url), "utf8")) as unknown;

/** An `x-rh-identity` header for an org. */
export function identityOf(orgId: string): string {
  return Buffer.from(JSON.stringify({ identity: { type: "User", account_number: "1", internal: { org_id: orgId } } })).toString("base64");
}

export function simWithStack() {
  return createConsoleSim({ fixture: stackFixture as never });
}

export const cs = "/api/content-sources/v1";
export const prov = "/api/provisioning/v1";

export function call(sim: ReturnType<typeof createConsoleSim>, path: string, init: { method?: string; json?: unknown; org?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.org !== null) headers["x-rh-identity"] = identityOf(init.org ?? "000000");
  if (init.json !== undefined) headers["content-type"] = "application/json";
  return sim.app.request(path, { method: init.method ?? "GET", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
}

/** The JSON body of an answer, as the test expects it to look. */
export async function jsonOf<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

export interface RepoList {
  data: ({ uuid: string } & Record<string, unknown>)[];
}
