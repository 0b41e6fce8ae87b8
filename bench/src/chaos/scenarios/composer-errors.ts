import { sleep } from "../../env/child-app";
import type { Accepted } from "../../load/traffic";
import { fetchSimStats, metadataGaps, setSimConfig } from "../observe";
import type { AfterDrainContext, ChaosScenario } from "../types";

/** How long composer flaps, and the share of its answers that are 5xx meanwhile. */
const FLAP_SECONDS = 30;
const ERROR_RATE = 0.5;
/** Longest wait after the drain for the worker's metadata retries (CHAOS_WORKER_ENV: about 40 s of schedule). */
const METADATA_SETTLE_MS = 60_000;

/**
 * Composer answers 500/503 to half of every call (submissions, status polls, metadata) for 30 s,
 * the builds going on meanwhile. After the drain: the successes still without metadata once the
 * worker's retries are over, then what `GET /composes/{id}/metadata` gives for them (it asks
 * composer on demand and stores the list).
 */
export const composerErrors: ChaosScenario = {
  id: "composer-5xx",
  title: `composer 5xx half the time for ${FLAP_SECONDS} s`,
  async inject({ env, log }) {
    await setSimConfig(env.sim.url, { serverErrorRate: ERROR_RATE });
    try {
      await sleep(FLAP_SECONDS * 1000);
    } finally {
      await setSimConfig(env.sim.url, { serverErrorRate: 0 });
    }
    const { injectedServerErrors } = await fetchSimStats(env.sim.url);
    log(`composer answered ${injectedServerErrors} calls with a 5xx`);
    return { notes: [`${injectedServerErrors} composer calls answered 5xx`] };
  },
  afterDrain: checkMetadata,
};

async function checkMetadata({ env, accepted }: AfterDrainContext): Promise<string[]> {
  const ids = accepted.map((a) => a.id);
  const first = await metadataGaps(env.observer, ids);
  if (!first) return ["metadata: the database did not answer"];
  let gaps = first;
  const until = Date.now() + METADATA_SETTLE_MS;
  while (gaps.missing.length > 0 && Date.now() < until) {
    await sleep(1_000);
    gaps = (await metadataGaps(env.observer, ids)) ?? gaps;
  }
  const byId = new Map(accepted.map((a) => [a.id, a]));
  const asked = await Promise.all(gaps.missing.map((id) => askMetadata(env.api.url, byId.get(id)!)));
  const last = (await metadataGaps(env.observer, ids)) ?? gaps;
  return [
    `successes without metadata: ${first.missing.length} when all had ended, ${gaps.missing.length} after the worker's retries, ` +
      `${last.missing.length} after GET /composes/{id}/metadata (${asked.filter((a) => a === "served").length} served on demand, ` +
      `${asked.filter((a) => a === "empty").length} empty, ${asked.filter((a) => a === "failed").length} failed); ${last.emptyLists} stored with an empty package list`,
  ];
}

async function askMetadata(apiUrl: string, compose: Accepted): Promise<"served" | "empty" | "failed"> {
  try {
    const res = await fetch(`${apiUrl}/api/image-builder/v1/composes/${compose.id}/metadata`, {
      headers: { "x-rh-identity": compose.identity },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status !== 200) return "failed";
    const body = (await res.json()) as { packages?: unknown[] };
    return (body.packages?.length ?? 0) > 0 ? "served" : "empty";
  } catch {
    return "failed";
  }
}
