import type { ComposeDetails, ComposeSummary } from "@ib/core/compose";

/** RFC 3339 in UTC with whole seconds, as upstream prints `created_at`. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** One item of a compose list (also used by a blueprint's compose list). */
export function composeListItem(compose: ComposeSummary) {
  return {
    id: compose.id,
    request: compose.request,
    created_at: rfc3339(compose.createdAt),
    ...(compose.imageName !== null && { image_name: compose.imageName }),
    ...(compose.clientId !== null && { client_id: compose.clientId }),
    ...(compose.blueprintId !== null && { blueprint_id: compose.blueprintId }),
    ...(compose.blueprintVersion !== null && { blueprint_version: compose.blueprintVersion }),
  };
}

/** `ComposeStatus`: the stored build state and the request. */
export function composeStatusBody(compose: ComposeDetails) {
  return {
    image_status: {
      status: compose.status,
      ...(compose.progress && { progress: compose.progress }),
      ...(compose.uploadStatus && { upload_status: compose.uploadStatus }),
      ...(compose.error && { error: compose.error }),
    },
    request: compose.request,
  };
}
