import { composes, createDb, type ComposeStatus, type NewComposeRow } from "@ib/db";
import { v7 as uuidv7 } from "uuid";
import { composeRequestBody, type ComposeTarget } from "./fixtures";

const DAY_MS = 24 * 3600 * 1000;

/**
 * Inserts `count` composes for `orgId` straight into the database, spread over the last 13 days
 * (inside the 14-day list window), most finished, a few still building or failed, as an active
 * org's history looks. Returns their ids.
 */
export async function seedComposes(
  databaseUrl: string,
  orgId: string,
  count: number,
  target: ComposeTarget,
): Promise<string[]> {
  const handle = createDb({ url: databaseUrl, max: 2, applicationName: "bench-seed" });
  const now = Date.now();
  const rows: NewComposeRow[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(now - Math.floor(((i + 0.5) / count) * 13 * DAY_MS));
    const status = statusFor(i);
    const request = { ...composeRequestBody(target, `seeded-${i}`), client_id: i % 3 === 0 ? "ui" : "api" };
    rows.push({
      id: uuidv7({ msecs: createdAt.getTime() }),
      orgId,
      accountNumber: `acct-${orgId}`,
      email: "user@example.com",
      clientId: request.client_id,
      request,
      imageName: request.image_name,
      createdAt,
      status,
      composerId: uuidv7({ msecs: createdAt.getTime() + 1_000 }),
      progress: status === "building" ? { done: 2, total: 5 } : null,
      uploadStatus:
        status === "success"
          ? { type: "aws.s3", status: "success", options: { url: `https://s3.example.com/bench/${i}.qcow2` } }
          : null,
      error: status === "failure" ? { id: 10, reason: "osbuild did not return any output" } : null,
      submittedAt: new Date(createdAt.getTime() + 200),
      finishedAt: status === "success" || status === "failure" ? new Date(createdAt.getTime() + 9 * 60_000) : null,
      updatedAt: createdAt,
    });
  }
  try {
    for (let i = 0; i < rows.length; i += 500) {
      await handle.db.insert(composes).values(rows.slice(i, i + 500));
    }
    await handle.sql`analyze composes`;
  } finally {
    await handle.close();
  }
  return rows.map((r) => r.id!);
}

function statusFor(i: number): ComposeStatus {
  if (i < 3) return "building";
  if (i % 25 === 7) return "failure";
  return "success";
}

/**
 * Brings the planner's statistics up to date, as autovacuum does within a minute in steady
 * state: after a write scenario has added tens of thousands of rows, the read scenarios would
 * otherwise be planned on the distribution the table had at seeding time.
 */
export async function settleComposes(databaseUrl: string): Promise<void> {
  const handle = createDb({ url: databaseUrl, max: 1, applicationName: "bench-settle" });
  try {
    await handle.sql`vacuum analyze composes`;
  } finally {
    await handle.close();
  }
}
