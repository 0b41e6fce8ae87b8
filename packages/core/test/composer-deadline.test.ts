import { getEventListeners, setMaxListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ComposerError, createComposerClient } from "../src/composer";
import { CallDeadline } from "../src/service-client/deadline";

describe("call deadline", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("aborts when the deadline passes and says so", () => {
    vi.useFakeTimers();
    const deadline = new CallDeadline(100);
    const stopped: string[] = [];
    deadline.onStop((reason) => stopped.push(reason.name));
    vi.advanceTimersByTime(99);
    expect(deadline.reason).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(deadline.reason?.name).toBe("TimeoutError");
    expect(stopped).toEqual(["TimeoutError"]);
    expect(deadline).toMatchObject({ timedOut: true, cancelled: false });
  });

  it("aborts when the caller does, also when the caller already had", async () => {
    const caller = new AbortController();
    const deadline = new CallDeadline(10_000, caller.signal);
    const waiting = deadline.race(new Promise(() => undefined));
    caller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(deadline).toMatchObject({ timedOut: false, cancelled: true });
    deadline.clear();

    const late = new CallDeadline(10_000, caller.signal);
    expect(late.cancelled).toBe(true);
    let stoppedAtOnce = false;
    late.onStop(() => (stoppedAtOnce = true));
    expect(stoppedAtOnce).toBe(true);
    late.clear();
  });

  it("leaves neither a timer nor a listener on the caller's signal once cleared", () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    setMaxListeners(100, caller.signal);
    const deadlines = Array.from({ length: 50 }, () => new CallDeadline(30_000, caller.signal));
    expect(vi.getTimerCount()).toBe(50);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(50);
    for (const d of deadlines) d.clear();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    caller.abort();
    expect(deadlines.some((d) => d.reason !== undefined)).toBe(false);
  });
});

describe("composer client under a long-lived caller signal", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.url === "/token") {
          res.writeHead(200, { "content-type": "application/json" });
          return res.end(JSON.stringify({ access_token: "t", expires_in: 300 }));
        }
        if (req.url?.endsWith("/slow")) return setTimeout(() => res.end("{}"), 3_000);
        const status = req.url?.includes("missing") ? 404 : 200;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(status === 200 ? { status: "success", image_status: { status: "success" } } : { id: "15" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("keeps no listener on it after many calls, answered, refused or timed out", async () => {
    const composer = createComposerClient({ baseUrl: url, tokenUrl: `${url}/token`, clientId: "id", clientSecret: "s", timeoutMs: 500 });
    const job = new AbortController();
    setMaxListeners(500, job.signal);
    try {
      await composer.getComposeStatus("warm-up");
      const calls = Array.from({ length: 100 }, (_, i) =>
        composer.getComposeStatus(i % 10 === 0 ? "missing" : i % 25 === 1 ? "slow" : `c${i}`, { signal: job.signal }).then(
          () => "ok",
          (err: ComposerError) => (err.status === 404 ? "refused" : err.message.includes("timed out") ? "timed out" : err.message),
        ),
      );
      expect(getEventListeners(job.signal, "abort").length).toBeGreaterThan(0);
      const outcomes = await Promise.all(calls);
      expect(new Set(outcomes)).toEqual(new Set(["ok", "refused", "timed out"]));
      expect(getEventListeners(job.signal, "abort")).toHaveLength(0);
    } finally {
      await composer.close();
    }
  });

  it("stops a call still waiting for a connection when its caller cancels it", async () => {
    const composer = createComposerClient({ baseUrl: url, tokenUrl: `${url}/token`, clientId: "id", clientSecret: "s", timeoutMs: 600, connections: 1 });
    try {
      await composer.getComposeStatus("warm-up");
      const slow = composer.getComposeStatus("slow").catch((err: ComposerError) => err);
      const caller = new AbortController();
      const started = Date.now();
      const queued = composer.getComposeStatus("queued", { signal: caller.signal }).catch((err: ComposerError) => err);
      setTimeout(() => caller.abort(), 100);
      const err = await queued;
      expect(err).toBeInstanceOf(ComposerError);
      expect((err as ComposerError).message).toMatch(/was cancelled/);
      expect(Date.now() - started).toBeLessThan(500);
      expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
      expect(((await slow) as ComposerError).message).toMatch(/timed out after 600 ms/);
    } finally {
      await composer.close();
    }
  });
});
