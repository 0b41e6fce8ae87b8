import { encodeIdentity } from "@ib/core";
import { openEventStream, type EventStreamClient, type ReceivedEvent } from "@ib/testkit";

/** An event stream of the API at `apiUrl` (`/composes/events` or `/composes/{id}/events`) as `orgId`. */
export function openStatusStream(apiUrl: string, pathname: string, orgId: string, lastEventId?: string): Promise<EventStreamClient> {
  const headers: Record<string, string> = { "x-rh-identity": encodeIdentity({ orgId }) };
  if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
  return openEventStream(`${apiUrl}/api/image-builder/v1${pathname}`, headers);
}

export interface StatusEventData {
  id: string;
  image_status: { status: string; progress?: { done: number; total: number }; upload_status?: unknown; error?: unknown };
}

export const statusData = (event: ReceivedEvent) => JSON.parse(event.data) as StatusEventData;

/** The `status` events of one compose, in the order received. */
export const statusEventsOf = (client: EventStreamClient, composeId: string) =>
  client.events.filter((e) => e.event === "status" && statusData(e).id === composeId);

export const isFinal = (status: string) => status === "success" || status === "failure";
