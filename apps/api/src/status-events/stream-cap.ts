import { randomUUID } from "node:crypto";
import type { RedisConnection } from "@ib/queue";

/** One open stream's place under its org's cap. */
export interface StreamLease {
  /**
   * Keeps the place alive (streams of a crashed replica fall out after the lease time); takes it
   * again if it fell out meanwhile (Redis was down or lost it): an open stream always counts.
   */
  refresh(): void;
  release(): void;
}

export interface StreamCapOptions {
  redis: RedisConnection;
  /** Key prefix (the queue prefix). */
  prefix: string;
  limit: number;
  /** A place not refreshed for this long is free again. */
  leaseMs: number;
  /** Longest an open waits for Redis; then the replica's own count decides. */
  timeoutMs: number;
  onUnavailable(err: unknown): void;
}

// Drops places whose lease ran out, then takes one if the org is under the limit. Redis's own
// clock: every replica measures leases on the same one.
const acquireScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

const refreshScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/**
 * The cap on open event streams per org, across every API replica: one sorted set per org in
 * Redis (stream id -> last refresh), taken and released atomically. When Redis cannot answer in
 * time the replica's own count of the org's streams decides, so a Redis outage neither refuses
 * every stream nor lifts the cap.
 */
export class StreamCap {
  private readonly local = new Map<string, number>();

  constructor(private readonly opts: StreamCapOptions) {}

  private key(orgId: string): string {
    // The org in braces: its streams share one hash slot on a Redis Cluster.
    return `${this.opts.prefix}:sse-streams:{${orgId}}`;
  }

  /** A place for one more stream of `orgId`, or undefined when the org is at its cap. */
  async acquire(orgId: string): Promise<StreamLease | undefined> {
    const member = randomUUID();
    const key = this.key(orgId);
    const localCount = this.local.get(orgId) ?? 0;
    let taken: boolean;
    try {
      taken = (await this.withTimeout(this.opts.redis.eval(acquireScript, 1, key, this.opts.leaseMs, this.opts.limit, member))) === 1;
    } catch (err) {
      this.opts.onUnavailable(err);
      taken = localCount < this.opts.limit;
    }
    if (!taken) return undefined;
    this.local.set(orgId, localCount + 1);
    let released = false;
    return {
      refresh: () => {
        if (released) return;
        this.opts.redis.eval(refreshScript, 1, key, this.opts.leaseMs, member).catch(() => {});
      },
      release: () => {
        if (released) return;
        released = true;
        const left = (this.local.get(orgId) ?? 1) - 1;
        if (left > 0) this.local.set(orgId, left);
        else this.local.delete(orgId);
        this.opts.redis.zrem(key, member).catch(() => {});
      },
    };
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
