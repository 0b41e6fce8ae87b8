// Owned by the compliance work: this placeholder keeps today's refusal of compliance policies
// (composer's request cannot be built without a resolved policy) until the resolver lands.
import type { ComposeResolver } from "../compose/resolve-compose";

/** `customizations.openscap.policy_id` -> composer's openscap (profile, policy, tailoring). */
export const resolveOpenscap: ComposeResolver = async () => ({});
