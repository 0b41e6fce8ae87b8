import type { ComposeBuildJobData } from "@ib/queue";

/** How a run of a compose's step job ends: the job is done, or it waits `delayMs` with its new data. */
export type StepOutcome = { kind: "finished"; status: string } | { kind: "again"; data: ComposeBuildJobData; delayMs: number };
