import { lintBlueprint } from "../compliance/blueprint-compliance";
import type { ComplianceLint } from "../compliance/lint-compliance";
import { badRequest } from "../errors";
import type { ServiceContext } from "../context";
import { blueprintNotFound } from "./errors";
import { findBlueprintVersion } from "./find-blueprint-version";
import { redactPasswords } from "../compose/redact-passwords";
import type { BlueprintBody } from "./types";

export interface BlueprintLintItem {
  name: string;
  description: string;
}

export interface BlueprintDetail extends BlueprintBody {
  id: string;
  name: string;
  description: string;
  version: number;
  lint: ComplianceLint;
}

/**
 * `GET /blueprints/{id}?version=`: the latest version (absent or -1) or the given one, passwords
 * replaced by `hasPassword`, with its compliance lint (errors for what the policy requires and
 * the version lacks, warnings for what its snapshot required and the policy no longer does).
 */
export async function getBlueprint({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; version?: number };
}): Promise<BlueprintDetail> {
  const { version } = input;
  if (version !== undefined && version <= 0 && version !== -1) throw badRequest("Invalid version number");
  const found = await findBlueprintVersion(
    ctx.services.db,
    ctx.identity.orgId,
    input.id,
    version === undefined || version === -1 ? undefined : version,
  );
  if (!found) throw blueprintNotFound();
  const lint = await lintBlueprint(ctx, found.body, found.serviceSnapshots);
  return {
    id: found.id,
    name: found.name,
    description: found.description,
    version: found.version,
    ...redactPasswords(found.body),
    lint,
  };
}
