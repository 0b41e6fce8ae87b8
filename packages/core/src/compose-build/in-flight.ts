import { composes, inArray, inFlightStatuses, notInArray, sql, terminalStatuses, type ComposeStatus, type SQL } from "@ib/db";

/** `status` is one a build can still leave (pending, building, uploading, registering). */
export const isInFlight = (): SQL => inArray(composes.status, [...inFlightStatuses]);
export const isNotTerminal = (): SQL => notInArray(composes.status, [...terminalStatuses]);

/**
 * `status` is one of `statuses`, in a form the planner cannot match to the partial in-flight
 * index. Batched statements find their rows by a list of ids; with statistics lagging behind a
 * burst (every compose of it pending), PostgreSQL intersected that lookup with a scan of the
 * whole in-flight index, which cost more than the rest of the statement.
 */
export const statusAmongByIdOnly = (statuses: readonly ComposeStatus[]): SQL =>
  sql`(${composes.status} || '') in (${sql.raw(statuses.map((s) => `'${s}'`).join(", "))})`;
