/**
 * Measures full compose lifecycles per second against a simulator: token, POST /compose, two
 * status reads (the second after success) and the metadata read, with `CONCURRENCY` callers.
 * Usage: `pnpm --filter composer-sim load [composes]` (in-process simulator, zero latency,
 * TIME_SCALE 0), or set COMPOSER_URL to measure a running one (its config is left alone).
 */
import { createComposerSim } from "../src/index";

const total = Number(process.argv[2] ?? 5_000);
const concurrency = Number(process.env.CONCURRENCY ?? 64);
const external = process.env.COMPOSER_URL;
const running = external ? undefined : await createComposerSim({ config: { timeScale: 0 } }).start();
const url = external ?? running!.url;
const api = `${url}/api/image-builder-composer/v2`;

const tokenRes = await fetch(`${url}/token`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: "grant_type=client_credentials&client_id=load&client_secret=load",
});
const { access_token: token } = (await tokenRes.json()) as { access_token: string };
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
const body = JSON.stringify({
  distribution: "rhel-9.6",
  image_request: {
    architecture: "x86_64",
    image_type: "aws",
    repositories: [{ baseurl: "https://cdn.example.com/rhel9/baseos", rhsm: true }],
    upload_options: { region: "us-east-1", share_with_accounts: ["123456789012"] },
  },
  customizations: { packages: ["vim-enhanced"], users: [{ name: "admin", key: "ssh-ed25519 AAAA" }] },
});

let next = 0;
let finished = 0;
async function caller() {
  while (next < total) {
    const n = next++;
    const created = await fetch(`${api}/compose`, { method: "POST", body, headers: { ...headers, "x-image-builder-compose-id": `load-${n}` } });
    const { id } = (await created.json()) as { id: string };
    for (let i = 0; i < 2; i++) await (await fetch(`${api}/composes/${id}`, { headers })).json();
    await (await fetch(`${api}/composes/${id}/metadata`, { headers })).json();
    finished++;
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, caller));
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({ composes: finished, seconds: Number(seconds.toFixed(2)), composesPerSecond: Math.round(finished / seconds), requestsPerSecond: Math.round((finished * 4) / seconds) }),
);
await running?.close();
