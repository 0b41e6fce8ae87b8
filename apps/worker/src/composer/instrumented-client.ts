import { ComposerError, type ComposerClient } from "@ib/core/composer";
import type { WorkerMetrics } from "../metrics";

/** The composer client with every call timed and counted by operation and HTTP status. */
export function instrumentComposerClient(client: ComposerClient, metrics: WorkerMetrics): ComposerClient {
  async function timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const end = metrics.composerDuration.startTimer({ operation });
    try {
      const result = await call();
      end({ code: operation === "postCompose" ? "201" : "200" });
      return result;
    } catch (err) {
      end({ code: err instanceof ComposerError && err.status !== undefined ? String(err.status) : "error" });
      throw err;
    }
  }
  return {
    postCompose: (body, opts) => timed("postCompose", () => client.postCompose(body, opts)),
    getComposeStatus: (id, opts) => timed("getComposeStatus", () => client.getComposeStatus(id, opts)),
    getComposeMetadata: (id, opts) => timed("getComposeMetadata", () => client.getComposeMetadata(id, opts)),
    getDistribution: (distro, query, opts) => timed("getDistribution", () => client.getDistribution(distro, query, opts)),
    ping: (opts) => timed("ping", () => client.ping(opts)),
    deleteCompose: (id, opts) => timed("deleteCompose", () => client.deleteCompose(id, opts)),
  };
}
