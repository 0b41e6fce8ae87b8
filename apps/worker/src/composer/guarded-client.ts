import type { ComposerClient } from "@ib/core/composer";
import type { ComposerBreaker } from "./breaker";

/**
 * The composer client behind the circuit breaker: submissions, status reads, deletes of cancelled
 * builds and distribution reads are counted by it and refused while it is open (a refused delete
 * is tried again by the cancel job's attempts, then by the reconciler). The metadata read is left out: its
 * retries have their own schedule (METADATA_ATTEMPTS), which a refusal would run down; while the
 * breaker is open the metadata step does not start anyway (the compose-build processor parks it).
 * `ping` is left plain: the breaker runs it itself as its probe.
 */
export function guardComposerClient(client: ComposerClient, breaker: ComposerBreaker): ComposerClient {
  return {
    postCompose: (body, opts) => breaker.run(() => client.postCompose(body, opts)),
    getComposeStatus: (id, opts) => breaker.run(() => client.getComposeStatus(id, opts)),
    getComposeMetadata: (id, opts) => client.getComposeMetadata(id, opts),
    getDistribution: (distro, query, opts) => breaker.run(() => client.getDistribution(distro, query, opts)),
    ping: (opts) => client.ping(opts),
    deleteCompose: (id, opts) => breaker.run(() => client.deleteCompose(id, opts)),
  };
}
