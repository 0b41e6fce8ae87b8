import { and, blueprintVersions, composes, count, desc, eq, gte, notInArray, sql, type SQL } from "@ib/db";
import type { ServiceContext } from "../context";
import { redactPasswords } from "./redact-passwords";
import type { ComposeSummary, StoredComposeRequest } from "./types";

/** Lists show the composes of the last two weeks, as upstream does. */
export const LIST_WINDOW_DAYS = 14;

export interface ListComposesInput {
  limit: number;
  offset: number;
  /** Leave out composes whose (first) image type is one of these. */
  ignoreImageTypes?: string[];
  /** Only the composes of this blueprint (and of this version of it). */
  blueprintId?: string;
  blueprintVersion?: number;
}

export interface ComposeList {
  /** Every compose matching, not only this page. */
  count: number;
  composes: ComposeSummary[];
}

/**
 * The caller's live composes of the last 14 days, newest first, one page, and the total.
 * The page and the count run at once on two connections: the page reads only its rows (a
 * backward scan of the org's index), the count touches no request documents.
 */
export async function listComposes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListComposesInput;
}): Promise<ComposeList> {
  const db = ctx.services.db;
  const where = listFilter(ctx.identity.orgId, input);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: composes.id,
        request: composes.request,
        createdAt: composes.createdAt,
        imageName: composes.imageName,
        clientId: composes.clientId,
        blueprintId: blueprintVersions.blueprintId,
        blueprintVersion: blueprintVersions.version,
      })
      .from(composes)
      .leftJoin(blueprintVersions, eq(blueprintVersions.id, composes.blueprintVersionId))
      .where(where)
      .orderBy(desc(composes.createdAt), desc(composes.id))
      .limit(input.limit)
      .offset(input.offset),
    db
      .select({ n: count() })
      .from(composes)
      .leftJoin(blueprintVersions, eq(blueprintVersions.id, composes.blueprintVersionId))
      .where(where),
  ]);
  return {
    count: total?.n ?? 0,
    composes: rows.map(({ request, ...row }) => ({
      ...row,
      request: redactPasswords(request as StoredComposeRequest),
    })),
  };
}

function listFilter(orgId: string, input: ListComposesInput): SQL | undefined {
  const imageType = sql`(${composes.request} -> 'image_requests' -> 0 ->> 'image_type')`;
  return and(
    eq(composes.orgId, orgId),
    eq(composes.deleted, false),
    gte(composes.createdAt, sql`now() - make_interval(days => ${LIST_WINDOW_DAYS})`),
    input.ignoreImageTypes?.length ? notInArray(imageType, input.ignoreImageTypes) : undefined,
    input.blueprintId !== undefined ? eq(blueprintVersions.blueprintId, input.blueprintId) : undefined,
    input.blueprintVersion !== undefined ? eq(blueprintVersions.version, input.blueprintVersion) : undefined,
  );
}
