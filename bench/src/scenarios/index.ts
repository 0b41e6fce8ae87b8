import { catalogArchitectures } from "./catalog-architectures";
import { catalogPackages } from "./catalog-packages";
import { composerOutage } from "./composer-outage";
import { conditionalList } from "./conditional-list";
import { getCompose } from "./get-compose";
import { listComposes } from "./list-composes";
import { postCompose } from "./post-compose";
import { rateLimitOverhead } from "./rate-limit-overhead";
import { reconcileCatchup } from "./reconcile-catchup";
import { sseStreams } from "./sse-streams";
import { submitLatency } from "./submit-latency";
import { workerLifecycles } from "./worker-lifecycles";
import { workerMemory } from "./worker-memory";
import type { Scenario } from "./types";

/** Every scenario, in the order a full run measures them. Add a file, then a line here. */
export const scenarios: Scenario[] = [
  postCompose,
  rateLimitOverhead,
  listComposes,
  conditionalList,
  getCompose,
  catalogPackages,
  catalogArchitectures,
  workerLifecycles,
  workerMemory,
  submitLatency,
  reconcileCatchup,
  composerOutage,
  sseStreams,
];
