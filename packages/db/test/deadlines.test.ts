import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle, isDatabaseUnavailable, sql } from "../src";
import { startPrivatePostgres, type PrivatePostgres } from "../src/testing";

const deadlines = { connectMs: 500, acquireMs: 300, statementMs: 400, callMs: 700 };

/** Runs the call and returns how long it took and how it ended. */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const started = performance.now();
  try {
    await call();
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** A transaction that keeps the pool's only connection for `ms` (postgres.js queues behind it). */
function holdTheConnection(handle: DbHandle, ms: number): Promise<unknown> {
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`select 1`);
    await new Promise((r) => setTimeout(r, ms));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("database deadlines (private PostgreSQL)", () => {
  let pg: PrivatePostgres;
  let url: string;
  let handle: DbHandle;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    url = await pg.createDatabase("deadlines");
    handle = createDb({ url, max: 3, applicationName: "deadlines-test", deadlines });
    await handle.db.execute(sql`create table marks (id int primary key)`);
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await pg?.destroy();
  });

  it("PostgreSQL's statement_timeout ends a slow statement as unavailable", async () => {
    const { error, ms } = await timed(() => handle.db.execute(sql`select pg_sleep(5)`));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(deadlines.callMs + 300);
  });

  it("a call that waits too long for a connection fails and never runs later", async () => {
    const busy = createDb({ url, max: 1, applicationName: "deadlines-busy", deadlines: { ...deadlines, statementMs: 0, callMs: 5_000 } });
    try {
      const holder = holdTheConnection(busy, 1_500);
      await new Promise((r) => setTimeout(r, 100));
      const { error, ms } = await timed(() => busy.db.execute(sql`insert into marks values (1)`));
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect((error as { reason?: string }).reason ?? (error as { cause?: { reason?: string } }).cause?.reason).toBe("acquire");
      expect(ms).toBeLessThan(1_000);
      await holder;
      await new Promise((r) => setTimeout(r, 200));
      const rows = await handle.db.execute(sql`select count(*)::int as n from marks where id = 1`);
      expect(rows[0]).toEqual({ n: 0 });
    } finally {
      await busy.close();
    }
  });

  it("a transaction that cannot start in time fails and never runs its body", async () => {
    const busy = createDb({ url, max: 1, applicationName: "deadlines-busy-tx", deadlines: { ...deadlines, statementMs: 0, callMs: 5_000 } });
    let ran = false;
    try {
      const holder = holdTheConnection(busy, 1_000);
      await new Promise((r) => setTimeout(r, 100));
      const { error } = await timed(() =>
        busy.db.transaction(async (tx) => {
          ran = true;
          await tx.execute(sql`insert into marks values (2)`);
        }),
      );
      expect(isDatabaseUnavailable(error)).toBe(true);
      await holder;
      await new Promise((r) => setTimeout(r, 300));
      expect(ran).toBe(false);
    } finally {
      await busy.close();
    }
  });

  it("PostgreSQL stopped: every call fails fast as unavailable; back: the pool recovers by itself", async () => {
    await handle.ping();
    await pg.stop("immediate");
    for (let i = 0; i < 10; i++) {
      const { error, ms } = await timed(() => handle.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(1_000);
      const tx = await timed(() => handle.db.transaction((t) => t.execute(sql`select 1`)));
      expect(isDatabaseUnavailable(tx.error)).toBe(true);
      expect(tx.ms).toBeLessThan(1_000);
    }
    await pg.start();
    await until("the pool to reconnect", async () => (await handle.ping(), true), 5_000);
    await handle.db.transaction((t) => t.execute(sql`insert into marks values (3)`));
  }, 60_000);

  it("PostgreSQL frozen: every call fails within its deadline; resumed: the pool recovers by itself", async () => {
    await handle.ping();
    pg.freeze();
    try {
      // More calls than connections: some wait on a stuck connection, some for one.
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          timed(() => (i % 2 === 0 ? handle.db.execute(sql`select 1`) : handle.db.transaction((t) => t.execute(sql`select 1`)))),
        ),
      );
      for (const { error, ms } of results) {
        expect(isDatabaseUnavailable(error)).toBe(true);
        expect(ms).toBeLessThan(1_000);
      }
      const ping = await timed(() => handle.ping());
      expect(isDatabaseUnavailable(ping.error)).toBe(true);
      expect(ping.ms).toBeLessThan(1_000);
    } finally {
      pg.resume();
    }
    await until("the pool to answer again", async () => (await handle.ping(), true), 10_000);
    await handle.db.transaction((t) => t.execute(sql`insert into marks values (4)`));
  }, 60_000);
});
