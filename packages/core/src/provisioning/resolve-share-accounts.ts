import type { ComposeResolver } from "../compose/resolve-compose";
import { badRequest, DomainError } from "../errors";
import { callerOptions, ServiceError } from "../service-client";
import type { ProvisioningClient, SourceUploadInfo } from "./client";

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * One source's AWS account id, with upstream's answers: provisioning never reached (no answer
 * in time, connection refused) -> 400 `Unable to request source: <id>`; an answer that cannot be
 * read -> 500 `Unable to resolve source: <id>`; an answer without a 12-character account id
 * (an error body included, as upstream reads any answer) -> 400
 * `Unable to resolve source <id> to an aws account id`.
 */
async function accountOf(client: ProvisioningClient, sourceId: string, opts: ReturnType<typeof callerOptions>): Promise<string> {
  let info: SourceUploadInfo;
  try {
    info = await client.getUploadInfo(sourceId, opts);
  } catch (err) {
    if (err instanceof ServiceError && err.status === undefined) {
      throw new DomainError("BAD_REQUEST", `Unable to request source: ${sourceId}`, { cause: err });
    }
    const answeredJson = err instanceof ServiceError && err.status !== 200 && err.body !== undefined && typeof err.body === "object";
    if (!answeredJson) throw new DomainError("UPSTREAM", `Unable to resolve source: ${sourceId}`, { cause: err });
    info = err.body as SourceUploadInfo;
  }
  const account = info?.aws?.account_id;
  if (typeof account !== "string" || account.length !== 12) throw badRequest(`Unable to resolve source ${sourceId} to an aws account id`);
  return account;
}

/**
 * AWS `share_with_sources` -> account ids through provisioning, appended to
 * `share_with_accounts` (upstream's order). The sources are asked together; the first failing
 * one in the request's order is the error reported. Without provisioning nothing is resolved
 * (and the sources are refused when composer's request is built).
 */
export const resolveShareAccounts: ComposeResolver = async (ctx, request) => {
  const client = ctx.services.provisioning;
  const upload = request.image_requests[0]?.upload_request;
  if (!client || upload?.type !== "aws") return {};
  const sources = stringList(upload.options?.share_with_sources);
  if (sources.length === 0) return {};
  const opts = callerOptions(ctx);
  const settled = await Promise.allSettled(sources.map((id) => accountOf(client, id, opts)));
  const accounts = settled.map((s) => {
    if (s.status === "rejected") throw s.reason;
    return s.value;
  });
  return { shareWithAccounts: [...stringList(upload.options?.share_with_accounts), ...accounts] };
};
