import { composes, inArray, inFlightStatuses, notInArray, terminalStatuses, type SQL } from "@ib/db";

/** `status` is one a build can still leave (pending, building, uploading, registering). */
export const isInFlight = (): SQL => inArray(composes.status, [...inFlightStatuses]);
export const isNotTerminal = (): SQL => notInArray(composes.status, [...terminalStatuses]);
