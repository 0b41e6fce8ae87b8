import { catalogArchitectures } from "./catalog-architectures";
import { catalogPackages } from "./catalog-packages";
import { composerOutage } from "./composer-outage";
import { getCompose } from "./get-compose";
import { listComposes } from "./list-composes";
import { postCompose } from "./post-compose";
import { reconcileCatchup } from "./reconcile-catchup";
import { submitLatency } from "./submit-latency";
import { workerLifecycles } from "./worker-lifecycles";
import { workerMemory } from "./worker-memory";
import type { Scenario } from "./types";

/** Every scenario, in the order a full run measures them. Add a file, then a line here. */
export const scenarios: Scenario[] = [
  postCompose,
  listComposes,
  getCompose,
  catalogPackages,
  catalogArchitectures,
  workerLifecycles,
  workerMemory,
  submitLatency,
  reconcileCatchup,
  composerOutage,
];
