import type postgres from "postgres";
import { classifyDatabaseError, DatabaseUnavailableError } from "./unavailable";

/** How long each part of a database call may take. */
export interface DbDeadlines {
  /** Opening a connection: TCP, TLS and PostgreSQL's startup (postgres.js `connect_timeout`). */
  connectMs: number;
  /** Waiting for a pooled connection before the statement is sent (pool busy, or connecting). */
  acquireMs: number;
  /** PostgreSQL's `statement_timeout`: the server cancels a statement running longer (0 = none). */
  statementMs: number;
  /**
   * Client-side bound of a whole call, wait included: a server that does not answer at all (frozen,
   * cut off) never sends its statement_timeout error, so the caller stops waiting here.
   */
  callMs: number;
}

type Expire = (err: DatabaseUnavailableError) => void;
type AnyQuery = postgres.PendingQuery<postgres.Row[]>;

/**
 * postgres.js sets a query's `state` when it writes it to a connection. Before that the query is
 * only queued, and `cancel()` just takes it off the queue, so it never runs late. A query already
 * sent is left to finish and its answer ignored: a cancel request may hit the next statement on
 * that backend (postgres.js README, "Canceling queries in progress").
 */
function sent(query: AnyQuery): boolean {
  return (query as unknown as { state?: unknown }).state != null;
}

/** Runs a pending query under the deadlines; its failures come out classified. */
function bounded<T>(query: AnyQuery, d: DbDeadlines, onExpire?: Expire): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = Date.now();
    let done = false;
    const fail = (err: DatabaseUnavailableError) => {
      if (done) return;
      done = true;
      onExpire?.(err);
      reject(err);
    };
    const check = () => {
      if (done) return;
      if (!sent(query)) {
        void query.cancel();
        return fail(new DatabaseUnavailableError("acquire", `no PostgreSQL connection within ${d.acquireMs} ms`));
      }
      const left = d.callMs - (Date.now() - started);
      if (left <= 0) return fail(new DatabaseUnavailableError("deadline", `PostgreSQL did not answer within ${d.callMs} ms`));
      timer = setTimeout(check, left);
    };
    let timer = setTimeout(check, Math.min(d.acquireMs, d.callMs));
    query.then(
      (rows) => {
        clearTimeout(timer);
        if (!done) {
          done = true;
          resolve(rows as T);
        }
      },
      (err: unknown) => {
        clearTimeout(timer);
        if (!done) {
          done = true;
          reject(classifyDatabaseError(err));
        }
      },
    );
  });
}

/**
 * The lazy query handle drizzle receives: the same modifiers (`values`, `raw`) as postgres.js's,
 * and the deadline armed when it is awaited, as postgres.js runs a query when it is awaited.
 */
function deferred(query: AnyQuery, d: DbDeadlines, onExpire?: Expire) {
  let running: Promise<unknown> | undefined;
  const run = () => (running ??= bounded(query, d, onExpire));
  const handle = {
    values() {
      query.values();
      return handle;
    },
    raw() {
      query.raw();
      return handle;
    },
    cancel: () => query.cancel(),
    then: (ok?: (v: unknown) => unknown, ko?: (e: unknown) => unknown) => run().then(ok, ko),
    catch: (ko?: (e: unknown) => unknown) => run().catch(ko),
    finally: (f?: () => void) => run().finally(f),
  };
  return handle;
}

/**
 * A transaction (or savepoint) under the deadlines: entering it waits at most `acquireMs`; every
 * statement inside is bounded; the commit or rollback at the end at most `callMs`. Whichever
 * deadline passes first settles the call at once, even when the server never answers the
 * rollback; a transaction entered after its caller gave up rolls back without running.
 */
function boundedScope(
  open: (fn: (tx: postgres.TransactionSql) => Promise<unknown>) => Promise<unknown>,
  fn: (tx: postgres.Sql) => unknown,
  d: DbDeadlines,
  outer?: Expire,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let expired: DatabaseUnavailableError | undefined;
    let entered = false;
    let endTimer: NodeJS.Timeout | undefined;
    const expire: Expire = (err) => {
      if (expired) return;
      expired = err;
      outer?.(err);
      reject(err);
    };
    const enterTimer = setTimeout(() => {
      if (!entered) expire(new DatabaseUnavailableError("acquire", `no PostgreSQL transaction within ${d.acquireMs} ms`));
    }, d.acquireMs);
    open(async (tx) => {
      entered = true;
      clearTimeout(enterTimer);
      if (expired) throw expired;
      try {
        return await fn(guardSql(tx as unknown as postgres.Sql, d, expire));
      } finally {
        endTimer = setTimeout(
          () => expire(new DatabaseUnavailableError("deadline", `PostgreSQL did not end the transaction within ${d.callMs} ms`)),
          d.callMs,
        );
      }
    }).then(
      (result) => {
        clearTimeout(enterTimer);
        clearTimeout(endTimer);
        if (!expired) resolve(result);
      },
      (err: unknown) => {
        clearTimeout(enterTimer);
        clearTimeout(endTimer);
        if (!expired) reject(classifyDatabaseError(err));
      },
    );
  });
}

/**
 * The postgres.js client as drizzle and the readiness ping use it, with a deadline on every call:
 * plain and tagged queries, transactions and savepoints. Everything else passes through.
 */
export function guardSql(sql: postgres.Sql, d: DbDeadlines, onExpire?: Expire): postgres.Sql {
  return new Proxy(sql, {
    apply(target, self, args: unknown[]) {
      const result: unknown = Reflect.apply(target, self, args);
      // A tagged template is a query; sql(identifier) and helpers are fragments.
      return result instanceof Promise ? deferred(result as unknown as AnyQuery, d, onExpire) : result;
    },
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (...args: Parameters<postgres.Sql["unsafe"]>) => deferred(target.unsafe(...args) as unknown as AnyQuery, d, onExpire);
      }
      if (prop === "begin") {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          const open = (inner: (tx: postgres.TransactionSql) => Promise<unknown>) =>
            (target.begin as (...a: unknown[]) => Promise<unknown>)(...args, inner);
          return boundedScope(open, fn, d, onExpire);
        };
      }
      if (prop === "savepoint") {
        const savepoint = Reflect.get(target, prop, receiver) as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (!savepoint) return savepoint;
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          return boundedScope((inner) => savepoint(...args, inner), fn, d, onExpire);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
