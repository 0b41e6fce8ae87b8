import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { encodeIdentity } from "@ib/core";
import { composes, createDb } from "@ib/db";
import { createTestDatabase } from "@ib/db/testing";
import { closeRedisConnection, createComposeQueue, createRedisConnection, deleteQueueKeys } from "@ib/queue";
import { freePort, lenientDatabaseDeadlines } from "@ib/testkit";
import { describe, expect, it } from "vitest";

const apiDir = fileURLToPath(new URL("..", import.meta.url));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const CLIENTS = 200;

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
}

/** One request on the shared keep-alive agent; rejects with the socket error when there is no answer. */
function send(agent: http.Agent, port: number, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: {
          "x-rh-identity": encodeIdentity({ orgId: "drain-org" }),
          ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
        res.on("error", reject);
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      reject(Object.assign(err, { reused: req.reusedSocket }));
    });
    req.end(body);
  });
}

const composeBody = JSON.stringify({
  distribution: "rhel-9",
  image_name: "drain",
  image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
});

describe("SIGTERM of the API under keep-alive load", () => {
  it(`drains ${CLIENTS} keep-alive clients posting composes: nothing cut, every stored compose answered and queued, exit 0`, async () => {
    const database = await createTestDatabase();
    const prefix = `{drain-${randomUUID().slice(0, 8)}}`;
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: apiDir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        LOG_LEVEL: "info",
        PORT: String(port),
        LISTEN_ADDRESS: `127.0.0.1:${port}`,
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        // The load starts cold on a shared machine: this test is about the drain, not the deadlines.
        ...lenientDatabaseDeadlines,
        SHUTDOWN_GRACE_MS: "8000",
        // Long enough for the test to use its idle connection once the signal is seen.
        SHUTDOWN_IDLE_CLOSE_MS: "3000",
        SHUTDOWN_TIMEOUT_MS: "12000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let signalled = false;
    let drainingLogged = false;
    child.stdout.on("data", (d: Buffer) => {
      output += d;
      if (output.includes('"msg":"shutting down"')) drainingLogged = true;
    });
    child.stderr.on("data", (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // One connection per client, reused for every request, as a proxy's upstream pool holds them.
    const agents = Array.from({ length: CLIENTS + 2 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const agent = agents[CLIENTS]!;
    // A client whose kept-alive connection is idle at the signal and posts right after it.
    const lateAgent = agents[CLIENTS + 1]!;
    const db = createDb({ url: database.url, max: 2, applicationName: "drain-test" });
    const redis = createRedisConnection(redisUrl, "worker", "drain-test");
    const queue = createComposeQueue(redis, prefix);
    try {
      let up = false;
      for (let i = 0; i < 200 && !up; i++) {
        up = await send(agent, port, "GET", "/ready").then((r) => r.status === 200, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up).toBe(true);

      const delivered = new Set<string>();
      const refused: string[] = [];
      const cut: string[] = [];
      const unexpected: string[] = [];
      const afterSignal = { answered: 0, withoutClose: 0 };
      let served = 0;
      const client = async (agent: http.Agent) => {
        let first = true;
        for (;;) {
          const sentAfterSignal = signalled;
          try {
            const res = await send(agent, port, "POST", "/api/image-builder/v1/compose", composeBody);
            if (first) {
              first = false;
              served++;
            }
            if (res.status === 201) delivered.add((JSON.parse(res.body) as { id: string }).id);
            else unexpected.push(`${res.status} ${res.body}`);
            if (sentAfterSignal) {
              afterSignal.answered++;
              if (res.connection !== "close") afterSignal.withoutClose++;
            }
          } catch (err) {
            // Refused: the listener is closed, the request never left. Anything else lost a request.
            const code = (err as NodeJS.ErrnoException).code ?? String(err);
            if (code === "ECONNREFUSED") refused.push(code);
            else cut.push(`${code}${(err as { reused?: boolean }).reused ? " on a reused connection" : " on a new connection"}`);
            return;
          }
        }
      };
      const loops = agents.slice(0, CLIENTS).map(client);
      // Load first, every client connected and answered at least once, then the signal.
      const loadUntil = Date.now() + 60_000;
      while (delivered.size < 400 || served < CLIENTS) {
        if (Date.now() > loadUntil || cut.length > 0 || unexpected.length > 0) {
          throw new Error(`no load: ${delivered.size} delivered to ${served} clients, ${JSON.stringify({ cut, unexpected: unexpected.slice(0, 3) })}\n${output.slice(-2_000)}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      // Readiness on a keep-alive connection of its own, as a load balancer holds one.
      const before = await send(agent, port, "GET", "/ready");
      expect((await send(lateAgent, port, "GET", "/ready")).status).toBe(200);
      signalled = true;
      child.kill("SIGTERM");
      while (!drainingLogged) await new Promise((r) => setTimeout(r, 5));
      const late = await send(lateAgent, port, "POST", "/api/image-builder/v1/compose", composeBody);
      expect(late.status, late.body).toBe(201);
      delivered.add((JSON.parse(late.body) as { id: string }).id);
      afterSignal.answered++;
      if (late.connection !== "close") afterSignal.withoutClose++;
      const after = await send(agent, port, "GET", "/ready");
      const code = await exited;
      await Promise.all(loops);

      expect(code, output.slice(-2_000)).toBe(0);
      expect(cut).toEqual([]);
      expect(unexpected).toEqual([]);
      expect(refused.length).toBe(CLIENTS);
      // Keep-alive clients kept sending after the signal: they were answered, told to close.
      expect(afterSignal.answered).toBeGreaterThan(0);
      expect(afterSignal.withoutClose).toBe(0);
      expect(before.status).toBe(200);
      expect(after.status).toBe(503);
      expect(JSON.parse(after.body)).toEqual({ errors: [{ detail: "not ready: shutting down", title: "503" }] });
      expect(after.connection).toBe("close");

      const stored = (await db.db.select({ id: composes.id }).from(composes)).map((r) => r.id);
      expect(stored.length).toBeGreaterThanOrEqual(400);
      expect(stored.filter((id) => !delivered.has(id))).toEqual([]);
      expect(stored.length).toBe(delivered.size);
      const jobs = await Promise.all(stored.map((id) => queue.getJob(id)));
      expect(stored.filter((_, i) => !jobs[i])).toEqual([]);
    } finally {
      child.kill("SIGKILL");
      for (const a of agents) a.destroy();
      await queue.close();
      await deleteQueueKeys(redis, prefix).catch(() => undefined);
      await closeRedisConnection(redis);
      await db.close();
      await database.drop();
    }
  }, 120_000);
});
