import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ComposerClientHandle, ComposerError, createComposerClient } from "../src/composer";

/**
 * Answers composer never gives in the simulator's normal course (403s, wrong success codes,
 * broken bodies, a flaky token endpoint), scripted per test on a real HTTP server.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler;
const seen: { method: string; url: string; authorization?: string }[] = [];
let server: Server;
let url: string;
const clients: ComposerClientHandle[] = [];
let tokenCounter = 0;

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** A token endpoint that issues tok-1, tok-2, ... unless the test overrides `/token`. */
function withTokens(api: Handler, token?: Handler): Handler {
  return (req, res, body) => {
    if (req.url === "/token") {
      if (token) return token(req, res, body);
      return json(res, 200, { access_token: `tok-${++tokenCounter}`, expires_in: 300, token_type: "Bearer" });
    }
    api(req, res, body);
  };
}

function client(): ComposerClientHandle {
  const created = createComposerClient({ baseUrl: url, tokenUrl: `${url}/token`, clientId: "id", clientSecret: "secret", timeoutMs: 1_000 });
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
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  seen.length = 0;
  tokenCounter = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("composer client edge cases", () => {
  it("refreshes once on 403 and resends with the new token", async () => {
    handler = withTokens((req, res) => {
      if (req.headers.authorization === "Bearer tok-1") return json(res, 403, { id: "2", reason: "Account not authorized" });
      json(res, 200, {});
    });
    await client().ping();
    const api = seen.filter((r) => r.url !== "/token");
    expect(api.map((r) => r.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  it("sends the form the token endpoint expects", async () => {
    let form = new URLSearchParams();
    let contentType = "";
    handler = withTokens(
      (_req, res) => json(res, 200, {}),
      (req, res, body) => {
        form = new URLSearchParams(body);
        contentType = req.headers["content-type"] ?? "";
        json(res, 200, { access_token: "t", expires_in: 300 });
      },
    );
    await client().ping();
    expect(contentType).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(form)).toEqual({ grant_type: "client_credentials", client_id: "id", client_secret: "secret" });
  });

  it("treats a POST /compose answered 200 with an error body as permanent (composer only accepts with 201)", async () => {
    handler = withTokens((_req, res) => json(res, 200, { id: "10", kind: "Error", reason: "Error resolving OSTree repo", details: "bad ref" }));
    const err = await failure(client().postCompose({}));
    expect(err).toMatchObject({ kind: "permanent", status: 200, body: { id: "10" } });
    expect(err.message).toContain("Error resolving OSTree repo: bad ref");
  });

  it("treats a 201 without a compose id as retryable", async () => {
    handler = withTokens((_req, res) => json(res, 201, { kind: "ComposeId" }));
    expect(await failure(client().postCompose({}))).toMatchObject({ kind: "retryable", status: 201 });
  });

  it("treats a success with a body that is not JSON as retryable", async () => {
    handler = withTokens((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("all good");
    });
    expect(await failure(client().getComposeStatus("x"))).toMatchObject({ kind: "retryable", status: 200, body: "all good" });
  });

  it.each([429, 408, 502])("treats %i as retryable", async (status) => {
    handler = withTokens((_req, res) => json(res, status, { reason: "busy" }));
    expect(await failure(client().ping())).toMatchObject({ kind: "retryable", status });
  });

  it("treats a failing token endpoint as retryable and tries again on the next call", async () => {
    let tokenCalls = 0;
    handler = withTokens(
      (_req, res) => json(res, 200, {}),
      (_req, res) => (++tokenCalls === 1 ? json(res, 503, { error: "temporarily_unavailable" }) : json(res, 200, { access_token: "t", expires_in: 300 })),
    );
    const composer = client();
    const [a, b] = await Promise.allSettled([composer.ping(), composer.ping()]);
    expect(a.status).toBe("rejected");
    expect(b.status).toBe("rejected");
    expect(((a as PromiseRejectedResult).reason as ComposerError).kind).toBe("retryable");
    expect(tokenCalls).toBe(1);
    await composer.ping();
    expect(tokenCalls).toBe(2);
  });

  it("treats a token answer without access_token as retryable", async () => {
    handler = withTokens(
      (_req, res) => json(res, 200, {}),
      (_req, res) => json(res, 200, { token_type: "Bearer" }),
    );
    expect(await failure(client().ping())).toMatchObject({ kind: "retryable" });
  });

  it("assumes a five-minute lifetime when expires_in is missing", async () => {
    let now = 0;
    handler = withTokens(
      (_req, res) => json(res, 200, {}),
      (_req, res) => json(res, 200, { access_token: `t${++tokenCounter}` }),
    );
    const composer = createComposerClient({ baseUrl: url, tokenUrl: `${url}/token`, clientId: "id", clientSecret: "s", timeoutMs: 1_000, now: () => now });
    clients.push(composer);
    await composer.ping();
    now = 239_000;
    await composer.ping();
    expect(tokenCounter).toBe(1);
    now = 241_000;
    await composer.ping();
    expect(tokenCounter).toBe(2);
  });

  it("encodes ids in paths and repeats distribution filters", async () => {
    handler = withTokens((_req, res) => json(res, 200, {}));
    const composer = client();
    await composer.getComposeMetadata("a/b");
    await composer.getDistribution("rhel-9.6", { imageTypes: ["aws", "guest-image"], architectures: ["x86_64"] });
    await composer.getDistribution("rhel-9.6", {});
    expect(seen.filter((r) => r.url !== "/token").map((r) => r.url)).toEqual([
      "/api/image-builder-composer/v2/composes/a%2Fb/metadata",
      "/api/image-builder-composer/v2/distributions/rhel-9.6?image_type=aws&image_type=guest-image&architecture=x86_64",
      "/api/image-builder-composer/v2/distributions/rhel-9.6",
    ]);
  });

  it("times out a hanging token endpoint within the call's deadline", async () => {
    handler = withTokens(
      (_req, res) => json(res, 200, {}),
      () => undefined,
    );
    const composer = createComposerClient({ baseUrl: url, tokenUrl: `${url}/token`, clientId: "id", clientSecret: "s", timeoutMs: 150 });
    clients.push(composer);
    const started = Date.now();
    const err = await failure(composer.ping());
    expect(err.kind).toBe("retryable");
    expect(err.message).toContain("timed out");
    expect(Date.now() - started).toBeLessThan(600);
  });
});
