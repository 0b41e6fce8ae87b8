import { z } from "@hono/zod-openapi";
import { errorResponses } from "../../schemas";

const eventStreamDescription = [
  "A stream of Server-Sent Events (`text/event-stream`):",
  "- `status`: a compose's build state changed. `data` is `{\"id\": <compose id>, \"image_status\": <ImageStatus>}` as `GET /composes/{composeId}` shows it; `id` is the stored write's position (microseconds since the epoch).",
  "- `ready` (org stream, first open): the stream is live; its `id` marks the position to resume from.",
  "- `reset` (org stream, resume): more changed than can be replayed; re-read `GET /composes`.",
  "- comments (`: heartbeat`) keep an idle stream open.",
  "Reconnecting with `Last-Event-ID` sends the current state of what was written since (a state may arrive twice: events are states, not differences).",
].join("\n");

export const statusStreamResponses = {
  200: {
    description: eventStreamDescription,
    content: { "text/event-stream": { schema: z.string().openapi({ example: 'event: status\nid: 1764770000123456\ndata: {"id":"123e4567-e89b-12d3-a456-426655440000","image_status":{"status":"building"}}\n\n' }) } },
  },
  ...errorResponses(429, 503),
};

export const LastEventIdHeader = z.object({
  "last-event-id": z.string().optional().openapi({
    description: "The `id` of the last event received: the stream resumes after it. An id this service did not send is ignored.",
  }),
});
