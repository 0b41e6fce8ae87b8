import { composes, eq, inArray, type ComposeRow } from "@ib/db";
import type { Stack } from "./stack";
import { waitFor } from "./wait";

/** A compose request for `rhel-9` on x86_64 with the given image type and upload target. */
export function composeBody(imageType: string, uploadType: string, options: Record<string, unknown> = {}, customizations?: Record<string, unknown>) {
  return {
    distribution: "rhel-9",
    image_name: `e2e-${imageType}`,
    image_requests: [{ architecture: "x86_64", image_type: imageType, upload_request: { type: uploadType, options } }],
    ...(customizations ? { customizations } : {}),
  };
}

export const guestImage = () => composeBody("guest-image", "aws.s3");

export async function readCompose(stack: Stack, id: string): Promise<ComposeRow | undefined> {
  const [row] = await stack.db.db.select().from(composes).where(eq(composes.id, id));
  return row;
}

export async function readComposes(stack: Stack, ids: string[]): Promise<ComposeRow[]> {
  if (ids.length === 0) return [];
  return stack.db.db.select().from(composes).where(inArray(composes.id, ids));
}

export const isTerminal = (row: ComposeRow | undefined) => row?.status === "success" || row?.status === "failure";

/** Waits until the compose is `success` or `failure` and returns its row. */
export function waitForEnd(stack: Stack, id: string, timeoutMs = 30_000): Promise<ComposeRow> {
  return waitFor(`compose ${id} to end`, async () => {
    const row = await readCompose(stack, id);
    return isTerminal(row) ? row : undefined;
  }, timeoutMs, 100);
}

/** Waits until every compose ended; returns their rows. */
export function waitForAllEnded(stack: Stack, ids: string[], timeoutMs: number): Promise<ComposeRow[]> {
  return waitFor(`${ids.length} composes to end`, async () => {
    const rows = await readComposes(stack, ids);
    return rows.length === ids.length && rows.every(isTerminal) ? rows : undefined;
  }, timeoutMs, 250);
}

export interface SimStats {
  submissionsAccepted: number;
  submissionsRejected: number;
  submissionsWithoutKey: number;
  duplicateSubmissions: number;
  submissionKeys: number;
  injectedServerErrors: number;
  injectedUnauthorized: number;
  tokensIssued: number;
  duplicates: { key: string; count: number; composerIds: string[] }[];
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
}

export const simStats = (stack: Stack) => stack.simAdmin<SimStats>("/stats");
export const submissionsOf = (stack: Stack, composeId: string) =>
  stack.simAdmin<{ key: string; count: number; composerIds: string[] }>(`/submissions/${composeId}`);
