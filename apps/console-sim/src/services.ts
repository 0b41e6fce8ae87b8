import { compliance } from "./compliance";
import type { ServiceModule } from "./context";
import { contentSources } from "./content-sources";
import { provisioning } from "./provisioning";
import { recommendations } from "./recommendations";

/** Every simulated service; adding one is one line here. */
export const serviceModules: readonly ServiceModule[] = [contentSources, compliance, provisioning, recommendations];
