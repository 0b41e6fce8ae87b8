import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createComposeProducer, type ComposeProducer } from "../src/producer";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A server that accepts connections and never answers: a hung Redis. */
let hung: Server;
let hungUrl: string;
const sockets = new Set<Socket>();
beforeAll(async () => {
  hung = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  hungUrl = `redis://127.0.0.1:${(hung.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => hung.close(resolve));
});

/** Listeners on the producer's own connection (the one it was built with). */
function listeners(producer: ComposeProducer): { ready: number; close: number } {
  const connection = producer.queue.opts.connection as Redis;
  return { ready: connection.listenerCount("ready"), close: connection.listenerCount("close") };
}

describe("compose producer", () => {
  it("enqueues a compose's build job under the compose id", async () => {
    const prefix = `{producer-test-${Date.now()}}`;
    const producer = createComposeProducer({ redisUrl, prefix });
    try {
      const id = "0195a0c0-0000-7000-8000-000000000001";
      await producer.enqueueCompose(id, "req-1");
      const job = await producer.queue.getJob(id);
      expect(job?.data).toMatchObject({ composeId: id, requestId: "req-1", step: "submit" });
      // Enqueuing again is a no-op: the job id is the compose id.
      await producer.enqueueCompose(id, "req-2");
      expect(await producer.queue.count()).toBe(1);
    } finally {
      await producer.queue.obliterate({ force: true }).catch(() => undefined);
      await producer.close();
    }
  });

  it("gives up within its timeout on a Redis that never answers, and leaves no listener behind", async () => {
    const producer = createComposeProducer({ redisUrl: hungUrl, timeoutMs: 150 });
    try {
      const enqueueMany = (n: number, from: number) =>
        Promise.allSettled(Array.from({ length: n }, (_, i) => producer.enqueueCompose(`0195a0c0-0000-7000-8000-${String(from + i).padStart(12, "0")}`)));
      await enqueueMany(5, 0);
      const before = listeners(producer);
      const started = Date.now();
      const results = await enqueueMany(50, 100);
      expect(results.every((r) => r.status === "rejected")).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000);
      // However many requests gave up, the connection holds as many listeners as before.
      expect(listeners(producer)).toEqual(before);
    } finally {
      await producer.close();
    }
  });
});
