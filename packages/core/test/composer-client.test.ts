import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ComposerSim, type RunningSim, createComposerSim } from "../../../apps/composer-sim/src/index";
import { type ComposerClientHandle, ComposerError, type ComposerClientOptions, createComposerClient } from "../src/composer";

const awsCompose = {
  distribution: "rhel-9.6",
  image_request: {
    architecture: "x86_64",
    image_type: "aws",
    repositories: [{ baseurl: "https://cdn.example.com/rhel9/baseos", rhsm: true }],
    upload_options: { region: "us-east-1", share_with_accounts: ["123456789012"] },
  },
};

let sim: ComposerSim;
let running: RunningSim;
const clients: ComposerClientHandle[] = [];

function client(overrides: Partial<ComposerClientOptions> = {}): ComposerClientHandle {
  const created = createComposerClient({
    baseUrl: running.url,
    tokenUrl: running.tokenUrl,
    clientId: "image-builder",
    clientSecret: "secret",
    timeoutMs: 2_000,
    ...overrides,
  });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<ComposerError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ComposerError);
  return err as ComposerError;
}

beforeAll(async () => {
  sim = createComposerSim({ config: { timeScale: 0.0002 } });
  running = await sim.start();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  sim.reset();
});
afterAll(async () => {
  await running.close();
});

describe("token handling", () => {
  it("fetches one token for many calls, concurrent ones included", async () => {
    const composer = client();
    await Promise.all(Array.from({ length: 20 }, () => composer.ping()));
    const { id } = await composer.postCompose(awsCompose);
    for (let i = 0; i < 5; i++) await composer.getComposeStatus(id);
    expect(sim.stats().tokensIssued).toBe(1);
  });

  it("refreshes the token a minute before it expires", async () => {
    let now = 1_000_000;
    sim.updateConfig({ tokenExpiresIn: 300 });
    const composer = client({ now: () => now });
    await composer.ping();
    now += 239_000; // 61 s left: still outside the refresh margin
    await composer.ping();
    expect(sim.stats().tokensIssued).toBe(1);
    now += 2_000; // 59 s left: refresh
    await composer.ping();
    expect(sim.stats().tokensIssued).toBe(2);
  });

  it("on a 401 refreshes the token once and resends, and the call succeeds", async () => {
    const composer = client();
    await composer.ping();
    sim.updateConfig({ forceUnauthorized: 1 });
    const { id } = await composer.postCompose(awsCompose, { composeId: "ours-1" });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const stats = sim.stats();
    expect(stats.injectedUnauthorized).toBe(1);
    expect(stats.tokensIssued).toBe(2);
    expect(stats.submissionsAccepted).toBe(1);
    expect(stats.duplicateSubmissions).toBe(0);
  });

  it("replaces a token composer expired: concurrent rejected calls share one new token", async () => {
    let simNow = 5_000_000;
    const expiring = createComposerSim({ config: { tokenExpiresIn: 600 }, now: () => simNow });
    const server = await expiring.start();
    try {
      const composer = client({ baseUrl: server.url, tokenUrl: server.tokenUrl });
      await composer.ping();
      simNow += 601_000; // composer sees the token as expired; the client's clock does not
      await Promise.all(Array.from({ length: 10 }, () => composer.getDistribution("rhel-9.6", {})));
      expect(expiring.stats().tokensIssued).toBe(2);
      expect(expiring.stats().byStatus["401"]).toBe(10);
    } finally {
      await server.close();
    }
  });

  it("surfaces a second consecutive 401 as an error without a third attempt", async () => {
    const composer = client();
    await composer.ping();
    sim.updateConfig({ forceUnauthorized: 2 });
    const err = await failure(composer.getDistribution("rhel-9.6", {}));
    expect(err.status).toBe(401);
    expect(err.kind).toBe("retryable");
    expect((err.body as { code: string }).code).toBe("IMAGE-BUILDER-COMPOSER-401");
    expect(sim.stats().injectedUnauthorized).toBe(2);
    expect(sim.stats().byRoute["GET /api/image-builder-composer/v2/distributions/:distro"]).toBe(2);
  });

  it("treats rejected client credentials as permanent", async () => {
    const strict = createComposerSim({ credentials: { clientId: "image-builder", clientSecret: "right" } });
    const server = await strict.start();
    try {
      const err = await failure(client({ baseUrl: server.url, tokenUrl: server.tokenUrl, clientSecret: "wrong" }).ping());
      expect(err.kind).toBe("permanent");
      expect(err.status).toBe(401);
      expect(err.message).toContain("invalid_client");
      await client({ baseUrl: server.url, tokenUrl: server.tokenUrl, clientSecret: "right" }).ping();
    } finally {
      await server.close();
    }
  });

  it("refuses an unreadable CA bundle at construction", () => {
    expect(() => createComposerClient({ baseUrl: running.url, caPath: "/nonexistent/ca.pem", timeoutMs: 1_000 })).toThrow(/COMPOSER_CA_PATH \/nonexistent\/ca.pem cannot be read/);
  });

  it("refuses a token URL without credentials at construction", () => {
    expect(() => createComposerClient({ baseUrl: running.url, tokenUrl: running.tokenUrl, timeoutMs: 1_000 })).toThrow(/COMPOSER_CLIENT_SECRET/);
  });
});

describe("error classification", () => {
  it("times out slow calls as retryable", async () => {
    sim.updateConfig({ latencyMs: 400 });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 150 }).ping());
    expect(err.kind).toBe("retryable");
    expect(err.message).toMatch(/timed out after 150 ms/);
    expect(Date.now() - started).toBeLessThan(390);
  });

  it("reports a caller's cancellation as retryable", async () => {
    sim.updateConfig({ latencyMs: 300 });
    const controller = new AbortController();
    const call = client().ping({ signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const err = await failure(call);
    expect(Date.now() - started).toBeLessThan(250);
    expect(err.kind).toBe("retryable");
    expect(err.message).toMatch(/cancelled/);
  });

  it("classifies 5xx as retryable with composer's body", async () => {
    const composer = client();
    await composer.ping();
    sim.updateConfig({ serverErrorRate: 1 });
    const err = await failure(composer.postCompose(awsCompose));
    expect(err.kind).toBe("retryable");
    expect([500, 503]).toContain(err.status);
    expect((err.body as { kind: string }).kind).toBe("Error");
    expect(sim.stats().submissionsAccepted).toBe(0);
  });

  it("classifies a gateway timeout with an HTML body as retryable", async () => {
    const composer = client();
    sim.updateConfig({ responseLossRate: 1 });
    const err = await failure(composer.postCompose(awsCompose, { composeId: "ours-504" }));
    expect(err).toMatchObject({ kind: "retryable", status: 504 });
    expect(typeof err.body).toBe("string");
    expect(err.body as string).toContain("504 Gateway Time-out");
    expect(sim.stats().submissionsAccepted).toBe(1);
  });

  it("reports a 201 with a body that is not JSON with its status, so the caller knows composer accepted it", async () => {
    const composer = client();
    sim.updateConfig({ unreadableAcceptRate: 1 });
    const err = await failure(composer.postCompose(awsCompose, { composeId: "ours-201" }));
    expect(err).toMatchObject({ status: 201, message: expect.stringContaining("not JSON") });
    expect(sim.stats()).toMatchObject({ submissionsAccepted: 1, injectedUnreadableAccepts: 1 });
  });

  it("classifies 4xx as permanent and keeps composer's error body", async () => {
    const composer = client();
    const invalid = await failure(composer.postCompose({ ...awsCompose, image_request: { ...awsCompose.image_request, image_type: "nope" } }));
    expect(invalid.kind).toBe("permanent");
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ id: "30", code: "IMAGE-BUILDER-COMPOSER-30", kind: "Error" });
    expect(invalid.message).toContain("Request could not be validated");

    const missing = await failure(composer.getComposeStatus("2b8ff3b8-0d5a-4f55-a0f5-0b2c5a1c0d11"));
    expect(missing.kind).toBe("permanent");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ id: "15" });
  });

  it("classifies a refused connection as retryable", async () => {
    const gone = await createComposerSim().start();
    await gone.close();
    const err = await failure(client({ baseUrl: gone.url, tokenUrl: gone.tokenUrl }).ping());
    expect(err.kind).toBe("retryable");
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.status).toBeUndefined();
  });
});

describe("calls", () => {
  it("submits, follows a compose to success and reads its metadata", async () => {
    const composer = client();
    const { id } = await composer.postCompose(awsCompose, { requestId: "req-42", composeId: "ours-42" });
    let status = await composer.getComposeStatus(id);
    for (let i = 0; i < 100 && status.status === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = await composer.getComposeStatus(id);
    }
    expect(status.status).toBe("success");
    expect(status.image_status.upload_status).toMatchObject({ type: "aws", status: "success", options: { region: "us-east-1" } });
    const metadata = await composer.getComposeMetadata(id);
    expect(metadata.packages?.length).toBeGreaterThan(10);
    expect(sim.state.composes.get(id)).toMatchObject({ requestId: "req-42", submissionKey: "ours-42" });
  });

  it("forwards the request id and compose id headers", async () => {
    const { id } = await client().postCompose(awsCompose, { requestId: "trace-me", composeId: "11111111-2222-4333-8444-555555555555" });
    const res = await fetch(`${running.url}/admin/composes/${id}`);
    expect(await res.json()).toMatchObject({ requestId: "trace-me", submissionKey: "11111111-2222-4333-8444-555555555555" });
    const submissions = await (await fetch(`${running.url}/admin/submissions/11111111-2222-4333-8444-555555555555`)).json();
    expect(submissions).toEqual({ key: "11111111-2222-4333-8444-555555555555", count: 1, composerIds: [id] });
  });

  it("passes repeated distribution filters as query parameters", async () => {
    const details = (await client().getDistribution("rhel-9.6", { imageTypes: ["ami", "guest-image"], architectures: ["x86_64"] })) as {
      architectures: Record<string, { image_types: Record<string, unknown> }>;
    };
    expect(Object.keys(details.architectures)).toEqual(["x86_64"]);
    expect(Object.keys(details.architectures.x86_64!.image_types).sort()).toEqual(["aws", "guest-image"]);
    const unknown = await failure(client().getDistribution("plan9-1", {}));
    expect(unknown).toMatchObject({ kind: "permanent", status: 404 });
  });

  it("deletes a compose", async () => {
    const composer = client();
    const { id } = await composer.postCompose(awsCompose);
    await composer.deleteCompose(id);
    expect((await failure(composer.getComposeStatus(id))).status).toBe(404);
  });

  it("reuses kept-alive connections", async () => {
    const before = running.connections();
    const composer = client();
    for (let i = 0; i < 30; i++) await composer.ping();
    expect(running.connections() - before).toBeLessThanOrEqual(2);
  });

  it("sends no Authorization header without a token URL", async () => {
    const err = await failure(client({ tokenUrl: undefined }).getDistribution("rhel-9.6", {}));
    expect(err.status).toBe(401);
    expect((err.body as { reason: string }).reason).toContain("doesn't contain the 'Authorization' header");
  });
});

describe("custom CA", () => {
  let dir: string | undefined;
  let tlsServer: RunningSim | undefined;
  let hasOpenssl = true;
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
  } catch {
    hasOpenssl = false;
  }

  beforeAll(async () => {
    if (!hasOpenssl) return;
    dir = mkdtempSync(path.join(tmpdir(), "composer-ca-"));
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA");
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    writeFileSync(path.join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1\n");
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf");
    tlsServer = await createComposerSim().start({
      tls: { key: readFileSync(path.join(dir, "server.key")), cert: readFileSync(path.join(dir, "server.pem")) },
    });
  });
  afterAll(async () => {
    await tlsServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasOpenssl)("trusts composer's certificate only with COMPOSER_CA_PATH", async () => {
    const { url, tokenUrl } = tlsServer!;
    await client({ baseUrl: url, tokenUrl, caPath: path.join(dir!, "ca.pem") }).ping();
    const untrusted = await failure(client({ baseUrl: url, tokenUrl }).ping());
    expect(untrusted.kind).toBe("retryable");
  });
});
