import { postIdentities } from "../fixtures";
import type { HttpLoad } from "./http-load";

/**
 * `POST /compose` with `body` against the API at `url`, each request as the next of the bench's
 * many orgs (so no org's quota or rate budget is what a scenario measures).
 */
export function composePostLoad(url: string, body: string, run: { connections: number; durationSeconds: number }): HttpLoad {
  const identities = postIdentities();
  let n = 0;
  return {
    url,
    method: "POST",
    path: "/api/image-builder/v1/compose",
    headers: { "content-type": "application/json", "x-rh-identity": identities[0]! },
    body,
    vary: () => ({ headers: { "x-rh-identity": identities[n++ % identities.length]! } }),
    connections: run.connections,
    durationSeconds: run.durationSeconds,
  };
}
