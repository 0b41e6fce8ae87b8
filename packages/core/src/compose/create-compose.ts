import { v7 as uuidv7 } from "uuid";
import { buildComposerRequest } from "../composer-request/build-composer-request";
import { defaultUploadSettings } from "../composer-request/types";
import type { ServiceContext } from "../context";
import { DomainError } from "../errors";
import { quotaExceededMessage } from "../quota/file-quota-policy";
import { checkBuildTarget } from "./build-target";
import { insertCompose } from "./insert-compose";
import { checkComposeRequest } from "./request-rules";
import { isEmptyResolution, resolveCompose } from "./resolve-compose";
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
 * Accepts one compose: request rules, catalog checks, the console services' lookups (whatever
 * they reject is answered now, before the 201), composer's request built once so nothing it
 * could never take is accepted, then one statement that takes the org's quota lock, counts the
 * window, and inserts the row as `pending` with what was resolved. After the commit the build job
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
  const distribution = checkBuildTarget(ctx, input.request);

  const clientId = input.clientId ?? input.request.client_id ?? "api";
  const request: StoredComposeRequest = { ...input.request, client_id: clientId };
  const resolution = await resolveCompose(ctx, request, distribution);
  const resolved = isEmptyResolution(resolution) ? null : resolution;
  buildComposerRequest({ catalog: services.catalog, settings: defaultUploadSettings }, { request, resolved });
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
      resolved,
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
