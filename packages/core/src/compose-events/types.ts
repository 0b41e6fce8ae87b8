import type { Database } from "@ib/db";
import type { ComposeDetails, ComposeStatusName } from "../compose/types";

/**
 * A compose's visible build state as one write left it. `updatedAt` is the row's `updated_at`
 * in microseconds since the epoch (decimal text): the event id of pushed status, and the
 * position a reconnecting client resumes from.
 */
export interface ComposeState {
  id: string;
  status: ComposeStatusName;
  progress: ComposeDetails["progress"];
  uploadStatus: ComposeDetails["uploadStatus"];
  error: ComposeDetails["error"];
  updatedAt: string;
}

/** A state change of one compose, as published to every API replica. */
export interface ComposeStatusEvent extends ComposeState {
  orgId: string;
}

/**
 * The port every writer of a compose's build state publishes through, right after its write.
 * Fire and forget: publishing never fails or delays the write (the row stays the truth; a
 * client that missed an event catches up when it resumes).
 */
export interface ComposeEventPublisher {
  publish(events: readonly ComposeStatusEvent[]): void;
}

/** What a writer of build state needs: the database and the publisher. */
export interface ComposeWriter {
  db: Database;
  events: ComposeEventPublisher;
}

/** A publisher that drops everything: for processes and tests without subscribers. */
export const noComposeEvents: ComposeEventPublisher = { publish() {} };
