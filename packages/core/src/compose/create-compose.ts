import { v7 as uuidv7 } from "uuid";
import type { ServiceContext } from "../context";
import { DomainError } from "../errors";
import { quotaExceededMessage } from "../quota/file-quota-policy";
import { checkBuildTarget } from "./build-target";
import { insertCompose } from "./insert-compose";
import { checkComposeRequest } from "./request-rules";
import type { StoredComposeRequest } from "./types";

export interface CreateComposeInput {
  /** The request as validated, schema defaults filled in; stored as is. */
  request: StoredComposeRequest;
  /** Who asked (`api`, `ui`, `mcp`); defaults to the request's `client_id`, then `api`. */
  clientId?: string;
  /** For composes of a blueprint: the version they were built from. */
  blueprintVersionId?: string;
  blueprintId?: string;
}

export interface CreateComposeResult {
  id: string;
  /** False when the queue could not take the job: the row stays pending for the reconciler. */
  enqueued: boolean;
}

/**
 * Accepts one compose: request rules, catalog checks, then one statement that takes the org's
 * quota lock, counts the window, and inserts the row as `pending`. After the commit the build job
 * is enqueued (job id = compose id); a failed enqueue is logged and reported, never fatal.
 * One call is one quota unit, whether from `POST /compose` or from a blueprint.
 */
export async function createCompose({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateComposeInput;
}): Promise<CreateComposeResult> {
  const { identity, services } = ctx;
  checkComposeRequest(input.request);
  checkBuildTarget(ctx, input.request);

  const clientId = input.clientId ?? input.request.client_id ?? "api";
  const request: StoredComposeRequest = { ...input.request, client_id: clientId };
  const limit = await services.quotas.limitFor(identity.orgId);
  const id = uuidv7();

  const inserted = await insertCompose(
    services.db,
    {
      id,
      orgId: identity.orgId,
      accountNumber: identity.accountNumber,
      email: identity.email || null,
      clientId,
      request,
      imageName: request.image_name ?? null,
      blueprintVersionId: input.blueprintVersionId ?? null,
    },
    limit,
  );
  if (!inserted) throw new DomainError("QUOTA_EXCEEDED", quotaExceededMessage(limit!));

  const log = { composeId: id, blueprintId: input.blueprintId };
  try {
    await services.dispatcher.enqueueCompose(id, ctx.requestId);
    ctx.log.info(log, "compose accepted");
    return { id, enqueued: true };
  } catch (err) {
    ctx.log.error(
      { ...log, err: err instanceof Error ? err.message : String(err) },
      "compose accepted but not enqueued; the reconciler will enqueue it",
    );
    return { id, enqueued: false };
  }
}
