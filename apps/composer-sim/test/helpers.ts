import { type ComposerSim, type ComposerSimOptions, createComposerSim } from "../src/index";

export const base = "/api/image-builder-composer/v2";

export function imageRequest(imageType: string, uploadOptions: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    architecture: "x86_64",
    image_type: imageType,
    repositories: [{ baseurl: "https://cdn.example.com/rhel9/baseos", rhsm: true }],
    upload_options: uploadOptions,
    ...extra,
  };
}

export const awsRequest = {
  distribution: "rhel-9.6",
  image_request: imageRequest("aws", { region: "us-east-1", share_with_accounts: ["123456789012"] }),
};

/** An in-process simulator and a way to call it with a valid token (no sockets). */
export async function simWithToken(options: ComposerSimOptions = {}, clientId = "image-builder") {
  const sim: ComposerSim = createComposerSim(options);
  const token = await fetchToken(sim, clientId);
  const call = (path: string, init: RequestInit = {}) =>
    sim.app.request(path.startsWith("/") ? path : `${base}/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    call("compose", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });
  const submit = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await post(body, headers);
    if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  return { sim, token, call, post, submit };
}

export async function fetchToken(sim: ComposerSim, clientId = "image-builder", clientSecret = "secret") {
  const res = await sim.app.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString(),
  });
  if (res.status !== 200) throw new Error(`token answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A controllable clock for lifecycle tests. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}
