import type { ComposePlan } from "./compose-plan";
import type { ComposeRequest } from "./schemas/compose-request";

export interface SimCompose {
  id: string;
  /** The client id of the token that created it; other clients get 404 (composer's tenant rule). */
  tenant: string;
  submittedAt: number;
  request: ComposeRequest;
  plan: ComposePlan;
  deleted: boolean;
  /** When `DELETE /composes/{id}` removed it (simulator clock), and under which request id. */
  deletedAt?: number;
  deleteRequestId?: string;
  /** `GET /composes/{id}` calls for it, and how many of them came after its delete. */
  statusReads: number;
  statusReadsAfterDelete: number;
  /** `x-image-builder-compose-id` sent with the submission. */
  submissionKey?: string;
  requestId?: string;
  /** The W3C `traceparent` the submission came with (the caller traces). */
  traceparent?: string;
}

export interface SubmissionRecord {
  count: number;
  composerIds: string[];
}

/** Counters the admin API reports; reset with the state. */
export interface SimCounters {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  tokensIssued: number;
  tokenRejections: number;
  injectedServerErrors: number;
  injectedUnauthorized: number;
  injectedResponseLosses: number;
  injectedUnreadableAccepts: number;
  injectedMetadataErrors: number;
  submissionsAccepted: number;
  submissionsRejected: number;
  submissionsWithoutKey: number;
  duplicateSubmissions: number;
  identicalBodies: number;
  outcomes: Record<string, number>;
  deletes: number;
  evicted: number;
}

function emptyCounters(): SimCounters {
  return {
    requests: 0,
    byRoute: {},
    byStatus: {},
    tokensIssued: 0,
    tokenRejections: 0,
    injectedServerErrors: 0,
    injectedUnauthorized: 0,
    injectedResponseLosses: 0,
    injectedUnreadableAccepts: 0,
    injectedMetadataErrors: 0,
    submissionsAccepted: 0,
    submissionsRejected: 0,
    submissionsWithoutKey: 0,
    duplicateSubmissions: 0,
    identicalBodies: 0,
    outcomes: {},
    deletes: 0,
    evicted: 0,
  };
}

/** The simulator's memory: composes, tokens, submission keys and counters, all in Maps. */
export class SimState {
  composes = new Map<string, SimCompose>();
  tokens = new Map<string, { clientId: string; expiresAt: number }>();
  submissions = new Map<string, SubmissionRecord>();
  bodyFingerprints = new Map<string, number>();
  counters = emptyCounters();

  reset(): void {
    this.composes.clear();
    this.tokens.clear();
    this.submissions.clear();
    this.bodyFingerprints.clear();
    this.counters = emptyCounters();
  }

  count(bucket: Record<string, number>, key: string): void {
    bucket[key] = (bucket[key] ?? 0) + 1;
  }

  /** Stores an accepted compose, records its submission key and forgets the oldest beyond `max`. */
  addCompose(compose: SimCompose, fingerprint: string, max: number): void {
    this.composes.set(compose.id, compose);
    const c = this.counters;
    c.submissionsAccepted++;
    this.count(c.outcomes, compose.plan.outcome);
    if (compose.submissionKey) {
      const record = this.submissions.get(compose.submissionKey);
      if (record) {
        record.count++;
        record.composerIds.push(compose.id);
        c.duplicateSubmissions++;
      } else {
        this.submissions.set(compose.submissionKey, { count: 1, composerIds: [compose.id] });
      }
    } else {
      c.submissionsWithoutKey++;
    }
    const seen = this.bodyFingerprints.get(fingerprint) ?? 0;
    if (seen > 0) c.identicalBodies++;
    this.bodyFingerprints.set(fingerprint, seen + 1);
    this.evictBeyond(max);
  }

  private evictBeyond(max: number): void {
    for (const map of [this.composes, this.submissions, this.bodyFingerprints] as Map<string, unknown>[]) {
      while (map.size > max) {
        const oldest = map.keys().next().value as string;
        map.delete(oldest);
        if (map === this.composes) this.counters.evicted++;
      }
    }
  }

  /** Keys submitted more than once, with the composer ids each produced. */
  duplicates(limit = 100): { key: string; count: number; composerIds: string[] }[] {
    const out: { key: string; count: number; composerIds: string[] }[] = [];
    for (const [key, record] of this.submissions) {
      if (record.count > 1) out.push({ key, ...record });
      if (out.length >= limit) break;
    }
    return out;
  }
}
