export type { ComposeEventPublisher, ComposeState, ComposeStatusEvent, ComposeWriter } from "./types";
export { noComposeEvents } from "./types";
export { eventIdBefore, eventIdNow, parseEventId } from "./event-id";
export { getComposeState } from "./get-compose-state";
export { listComposeStatesSince, type ComposeStatesSince } from "./list-compose-states-since";
export { composeStateColumns, composeStateSql, publishWritten, toComposeEvent, type ComposeStateRow } from "./state-columns";
