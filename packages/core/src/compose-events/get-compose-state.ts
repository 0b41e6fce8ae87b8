import { and, composes, eq, preparedFor, sql, type Database } from "@ib/db";
import type { ServiceContext } from "../context";
import { composeNotFound } from "../compose/get-compose";
import { isComposeId } from "../compose/compose-id";
import { composeStateColumns, toComposeState } from "./state-columns";
import type { ComposeState } from "./types";

const selectState = (db: Database) =>
  preparedFor(db, "get-compose-state", () =>
    db
      .select(composeStateColumns)
      .from(composes)
      .where(and(eq(composes.id, sql.placeholder("id")), eq(composes.orgId, sql.placeholder("orgId")), eq(composes.deleted, false)))
      .limit(1)
      .prepare("get_compose_state"),
  );

/** The visible build state of one of the caller's live composes; otherwise upstream's 404. */
export async function getComposeState({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<ComposeState> {
  if (!isComposeId(input.id)) throw composeNotFound(input.id);
  const [row] = await selectState(ctx.services.db).execute({ id: input.id, orgId: ctx.identity.orgId });
  if (!row) throw composeNotFound(input.id);
  return toComposeState(row);
}
