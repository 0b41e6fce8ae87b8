import { benchAbort } from "../abort";
import { sleep } from "../env/child-app";
import { identityHeaders } from "../fixtures";
import { ChaosEnvironment, type ChaosSettings } from "./environment";
import { fetchSimStats, outcomesOf, submittedCount } from "./observe";
import type { ChaosOptions } from "./options";
import { type ComposeClient, type Sample, submitBuilds, Traffic } from "../load/traffic";
import type { ChaosScenario, ScenarioFigures } from "./types";

/** The orgs the chaos load posts as, in turn. */
const identities = identityHeaders(Array.from({ length: 16 }, (_, i) => `chaos-${String(i).padStart(2, "0")}`));

/** Seconds of background load before the fault, and after the API served again. */
const LEAD_SECONDS = 2;
const TRAIL_SECONDS = 3;
/** Longest wait for the builds to reach composer before the fault, and for the API to serve again after it. */
const IN_FLIGHT_WAIT_MS = 120_000;
const API_BACK_WAIT_MS = 60_000;
/** A background request without an answer after this long counts as unanswered. */
const REQUEST_DEADLINE_MS = 10_000;

/**
 * Runs one scenario in its own environment: `builds` composes posted and submitted to composer,
 * the background load started, the fault injected and ended, then the wait until the API
 * serves again and until every accepted compose ended (or the drain deadline). `deadline` is the
 * whole run's budget (epoch ms).
 */
export async function runScenario(
  scenario: ChaosScenario,
  options: ChaosOptions,
  settings: ChaosSettings,
  body: string,
  deadline: number,
  log: (message: string) => void,
): Promise<ScenarioFigures> {
  const figures: ScenarioFigures = {
    id: scenario.id,
    title: scenario.title,
    accepted: 0,
    success: 0,
    failure: 0,
    lost: 0,
    duplicates: 0,
    serverErrors: 0,
    unavailable: 0,
    noAnswer: 0,
    slowestMs: 0,
    notes: [],
  };
  let env: ChaosEnvironment;
  try {
    env = await ChaosEnvironment.start(scenario.id.replace(/-/g, "_"), settings, { appendOnly: scenario.appendOnly });
  } catch (err) {
    return { ...figures, error: `could not start: ${(err as Error).message}` };
  }
  try {
    const client: ComposeClient = { apiUrl: env.api.url, identities, body };
    const initial = await submitBuilds(client, options.builds);
    log(`${initial.accepted.length} of ${options.builds} builds accepted; waiting until composer has them`);
    const ids = initial.accepted.map((a) => a.id);
    const inFlightBy = Date.now() + Math.min(IN_FLIGHT_WAIT_MS, Math.max(0, deadline - Date.now()));
    let submitted = 0;
    while (Date.now() < inFlightBy && !benchAbort.signal.aborted) {
      submitted = (await submittedCount(env.observer, ids)) ?? submitted;
      if (submitted >= ids.length) break;
      await sleep(250);
    }
    figures.notes.push(`${submitted} at composer when the fault hit`);

    const traffic = new Traffic(client, { postsPerSecond: options.rate, getsPerSecond: options.rate, timeoutMs: REQUEST_DEADLINE_MS, reads: initial.accepted });
    traffic.start();
    await sleep(LEAD_SECONDS * 1000);
    const faultStart = traffic.now();
    log(`fault: ${scenario.title}`);
    const injected = (await scenario.inject({ env, options, traffic, client, inFlight: initial.accepted, log })) ?? {};
    const faultEnd = traffic.now();
    log(`fault over after ${((faultEnd - faultStart) / 1000).toFixed(1)} s; waiting for the API to serve again`);

    const apiBackAt = await firstAcceptedAfter(traffic, faultEnd, Math.min(API_BACK_WAIT_MS, Math.max(0, deadline - Date.now())));
    if (apiBackAt !== undefined) figures.apiBackSeconds = (apiBackAt - faultEnd) / 1000;
    await sleep(TRAIL_SECONDS * 1000);
    await traffic.stop();

    const windowEnd = Math.max(faultEnd, apiBackAt ?? traffic.now());
    const during = faultWindow(traffic.samples, faultStart, windowEnd);
    const { failures, ...windowFigures } = during;
    Object.assign(figures, windowFigures);
    if (during.noAnswer > 0) {
      figures.notes.push(`no answer: ${Object.entries(failures).map(([k, n]) => `${n} ${k}`).join(", ")}`);
    }

    const acceptedComposes = [...initial.accepted, ...traffic.accepted, ...(injected.accepted ?? [])];
    const accepted = acceptedComposes.map((a) => a.id);
    figures.accepted = accepted.length;
    const tracked = [...accepted, ...(injected.storedWithoutAnswer ?? [])];
    log(`${accepted.length} accepted; waiting until they all ended`);
    const drainBy = Math.min(Date.now() + options.drainSeconds * 1000, deadline);
    let outcomes = await outcomesOf(env.observer, tracked);
    while ((outcomes === undefined || outcomes.unfinished.length > 0) && Date.now() < drainBy && !benchAbort.signal.aborted) {
      await sleep(1_000);
      outcomes = (await outcomesOf(env.observer, tracked)) ?? outcomes;
    }
    if (!outcomes) throw new Error("the database never answered after the fault");
    if (outcomes.unfinished.length === 0) figures.drainedSeconds = (traffic.now() - faultEnd) / 1000;
    const unfinished = new Set(outcomes.unfinished);
    figures.lost = accepted.filter((id) => unfinished.has(id)).length;
    const acceptedOutcomes = await outcomesOf(env.observer, accepted);
    figures.success = acceptedOutcomes?.success ?? outcomes.success;
    figures.failure = acceptedOutcomes?.failure ?? outcomes.failure;
    const unansweredUnfinished = (injected.storedWithoutAnswer ?? []).filter((id) => unfinished.has(id)).length;
    if (unansweredUnfinished > 0) figures.notes.push(`${unansweredUnfinished} stored without a 201 never ended`);

    if (scenario.afterDrain) figures.notes.push(...(await scenario.afterDrain({ env, client, accepted: acceptedComposes, log })));

    const sims = [...env.pastSims, await fetchSimStats(env.sim.url)];
    figures.duplicates = sims.reduce((n, s) => n + s.duplicateSubmissions, 0);
    const submissions = sims.map((s) => s.submissionsAccepted);
    figures.notes.push(`composer took ${submissions.join(" + ")} submissions`);
    figures.notes.push(...(injected.notes ?? []));
  } catch (err) {
    figures.error = (err as Error).message;
  } finally {
    await env.close();
  }
  return figures;
}

/** When (traffic clock) the first POST sent after `since` got its 201; undefined if none within `waitMs`. */
async function firstAcceptedAfter(traffic: Traffic, since: number, waitMs: number): Promise<number | undefined> {
  const until = traffic.now() + waitMs;
  for (;;) {
    const first = traffic.samples.find((s) => s.kind === "post" && s.status === 201 && s.at >= since);
    if (first) return first.at + first.ms;
    if (traffic.now() > until || benchAbort.signal.aborted) return undefined;
    await sleep(100);
  }
}

/** 5xx (503s with their latency), requests without an answer and the slowest request among those sent in [from, to]. */
function faultWindow(samples: Sample[], from: number, to: number) {
  let serverErrors = 0;
  let noAnswer = 0;
  let slowestMs = 0;
  const unavailableMs: number[] = [];
  const failures: Record<string, number> = {};
  for (const s of samples) {
    if (s.at < from || s.at > to) continue;
    if (s.status !== undefined && s.status >= 500) serverErrors++;
    if (s.status === 503) unavailableMs.push(s.ms);
    if (s.failure) {
      noAnswer++;
      failures[s.failure] = (failures[s.failure] ?? 0) + 1;
    }
    slowestMs = Math.max(slowestMs, s.ms);
  }
  unavailableMs.sort((a, b) => a - b);
  const unavailable = unavailableMs.length;
  return {
    serverErrors,
    unavailable,
    unavailableMedianMs: unavailable > 0 ? unavailableMs[Math.floor((unavailable - 1) / 2)] : undefined,
    unavailableMaxMs: unavailableMs.at(-1),
    noAnswer,
    slowestMs,
    failures,
  };
}
