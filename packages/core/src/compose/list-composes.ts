import { and, blueprintVersions, composes, count, desc, eq, gte, preparedFor, sql, type Database } from "@ib/db";
import type { ServiceContext } from "../context";
import { redactPasswordsInJson } from "./redact-passwords";
import type { ComposeSummary } from "./types";

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
 * backward scan of the org's index), the count touches no request documents. Requests come
 * back as JSON text and are passed through untouched unless they name users (whose passwords
 * are redacted): a list never parses and re-serializes a hundred documents it only forwards.
 */
export async function listComposes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListComposesInput;
}): Promise<ComposeList> {
  const db = ctx.services.db;
  const params = {
    orgId: ctx.identity.orgId,
    ignore: input.ignoreImageTypes?.length ? input.ignoreImageTypes : null,
    blueprintId: input.blueprintId ?? null,
    blueprintVersion: input.blueprintVersion ?? null,
  };
  const [rows, [total]] = await Promise.all([
    selectPage(db).execute({ ...params, limit: input.limit, offset: input.offset }),
    (input.blueprintId === undefined ? selectCount : selectBlueprintCount)(db).execute(params),
  ]);
  return {
    count: total?.n ?? 0,
    composes: rows.map((row) => ({ ...row, requestJson: redactPasswordsInJson(row.requestJson) })),
  };
}

/** Every list filter, with absent ones as null parameters: one prepared statement serves all. */
const listFilter = and(
  eq(composes.orgId, sql.placeholder("orgId")),
  eq(composes.deleted, false),
  gte(composes.createdAt, sql`now() - make_interval(days => ${sql.raw(String(LIST_WINDOW_DAYS))})`),
  sql`(${sql.placeholder("ignore")}::text[] is null or ${composes.imageType} <> all(${sql.placeholder("ignore")}::text[]))`,
);

/** The filters on a blueprint (and one of its versions), for a blueprint's compose list. */
const blueprintFilter = and(
  sql`(${sql.placeholder("blueprintId")}::uuid is null or ${blueprintVersions.blueprintId} = ${sql.placeholder("blueprintId")}::uuid)`,
  sql`(${sql.placeholder("blueprintVersion")}::int is null or ${blueprintVersions.version} = ${sql.placeholder("blueprintVersion")}::int)`,
);

const selectPage = (db: Database) =>
  preparedFor(db, "list-composes-page", () =>
    db
      .select({
        id: composes.id,
        requestJson: sql<string>`${composes.request}::text`,
        createdAt: sql<string>`to_char(${composes.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
        imageName: composes.imageName,
        clientId: composes.clientId,
        blueprintId: blueprintVersions.blueprintId,
        blueprintVersion: blueprintVersions.version,
      })
      .from(composes)
      .leftJoin(blueprintVersions, eq(blueprintVersions.id, composes.blueprintVersionId))
      .where(and(listFilter, blueprintFilter))
      .orderBy(desc(composes.createdAt), desc(composes.id))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .prepare("list_composes_page"),
  );

/** The count of an org's list reads only the org's index (`deleted` and `image_type` are in it). */
const selectCount = (db: Database) =>
  preparedFor(db, "list-composes-count", () =>
    db.select({ n: count() }).from(composes).where(listFilter).prepare("list_composes_count"),
  );

const selectBlueprintCount = (db: Database) =>
  preparedFor(db, "list-blueprint-composes-count", () =>
    db
      .select({ n: count() })
      .from(composes)
      .innerJoin(blueprintVersions, eq(blueprintVersions.id, composes.blueprintVersionId))
      .where(and(listFilter, blueprintFilter))
      .prepare("list_blueprint_composes_count"),
  );
