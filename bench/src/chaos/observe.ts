import type { DbHandle } from "@ib/db";

/** What the chaos command reads from composer-sim's `GET /admin/stats`. */
export interface SimStats {
  submissionsAccepted: number;
  /** Submissions carrying an `x-image-builder-compose-id` already seen: a second build of one compose. */
  duplicateSubmissions: number;
  submissionKeys: number;
  injectedServerErrors: number;
}

export async function fetchSimStats(simUrl: string): Promise<SimStats> {
  const res = await fetch(`${simUrl}/admin/stats`, { signal: AbortSignal.timeout(3_000) });
  if (!res.ok) throw new Error(`composer-sim stats answered ${res.status}`);
  return (await res.json()) as SimStats;
}

/** `promise`, or undefined once `ms` passed (a frozen database never answers). */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
  ]).finally(() => clearTimeout(timer));
}

export interface Outcomes {
  /** Rows found among the ids asked for. */
  found: number;
  success: number;
  failure: number;
  /** Ids with no row, or a row not yet `success`/`failure`. */
  unfinished: string[];
}

/** Where the composes `ids` stand in the database (undefined when it does not answer in time). */
export async function outcomesOf(db: DbHandle, ids: string[]): Promise<Outcomes | undefined> {
  const rows = await withDeadline(
    db.sql<{ id: string; status: string }[]>`select id, status from composes where id = any(${ids}::uuid[])`,
    5_000,
  );
  if (!rows) return undefined;
  const status = new Map(rows.map((r) => [r.id, r.status]));
  const unfinished = ids.filter((id) => {
    const s = status.get(id);
    return s !== "success" && s !== "failure";
  });
  return {
    found: rows.length,
    success: rows.filter((r) => r.status === "success").length,
    failure: rows.filter((r) => r.status === "failure").length,
    unfinished,
  };
}

/** Of `ids`, how many composer already took (a composer id is stored). */
export async function submittedCount(db: DbHandle, ids: string[]): Promise<number | undefined> {
  const rows = await withDeadline(
    db.sql<{ n: number }[]>`select count(*)::int as n from composes where id = any(${ids}::uuid[]) and composer_id is not null`,
    5_000,
  );
  return rows?.[0]?.n;
}

/** Every compose id stored, with its status. */
export async function allComposes(db: DbHandle): Promise<{ id: string; status: string; composerId: string | null }[] | undefined> {
  return withDeadline(db.sql<{ id: string; status: string; composerId: string | null }[]>`
    select id, status, composer_id as "composerId" from composes`, 10_000);
}

/** Of `ids`, the composes that ended `success` with no metadata stored, and how many have an empty package list stored. */
export async function metadataGaps(db: DbHandle, ids: string[]): Promise<{ missing: string[]; emptyLists: number } | undefined> {
  const rows = await withDeadline(
    db.sql<{ id: string; empty: boolean }[]>`
      select id, metadata is not null as empty from composes
      where id = any(${ids}::uuid[]) and status = 'success'
        and (metadata is null or jsonb_array_length(coalesce(metadata->'packages', '[]'::jsonb)) = 0)`,
    5_000,
  );
  if (!rows) return undefined;
  return { missing: rows.filter((r) => !r.empty).map((r) => r.id), emptyLists: rows.filter((r) => r.empty).length };
}

export async function setSimConfig(simUrl: string, patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${simUrl}/admin/config`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(patch),
    signal: AbortSignal.timeout(3_000),
  });
  if (!res.ok) throw new Error(`composer-sim config answered ${res.status}: ${await res.text()}`);
}
