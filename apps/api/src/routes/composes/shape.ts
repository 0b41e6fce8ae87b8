import type { ComposeDetails, ComposeSummary } from "@ib/core/compose";
import type { Context } from "hono";
import { conditionalJson } from "../../http/conditional";

/** RFC 3339 in UTC with whole seconds, as upstream prints `created_at`. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * One item of a compose list (also used by a blueprint's compose list), as JSON text: the
 * stored request is spliced in as it came from the database.
 */
export function composeListItemJson(compose: ComposeSummary): string {
  let json = `{"id":"${compose.id}","request":${compose.requestJson},"created_at":"${compose.createdAt}"`;
  if (compose.imageName !== null) json += `,"image_name":${JSON.stringify(compose.imageName)}`;
  if (compose.clientId !== null) json += `,"client_id":${JSON.stringify(compose.clientId)}`;
  if (compose.blueprintId !== null) json += `,"blueprint_id":"${compose.blueprintId}"`;
  if (compose.blueprintVersion !== null) json += `,"blueprint_version":${compose.blueprintVersion}`;
  return json + "}";
}

/** A compose list response (`{meta, links, data}`), assembled from JSON text, with its ETag. */
export function composeListResponse(
  c: Context,
  count: number,
  links: { first: string; last: string },
  composes: ComposeSummary[],
): Response {
  const data = composes.map(composeListItemJson).join(",");
  const body = `{"meta":{"count":${count}},"links":${JSON.stringify(links)},"data":[${data}]}`;
  return conditionalJson(c, body);
}

/** `ImageStatus`: the stored build state. */
export function imageStatusBody(state: Pick<ComposeDetails, "status" | "progress" | "uploadStatus" | "error">) {
  return {
    status: state.status,
    ...(state.progress && { progress: state.progress }),
    ...(state.uploadStatus && { upload_status: state.uploadStatus }),
    ...(state.error && { error: state.error }),
  };
}

/** `ComposeStatus`: the stored build state and the request. */
export function composeStatusBody(compose: ComposeDetails) {
  return { image_status: imageStatusBody(compose), request: compose.request };
}
