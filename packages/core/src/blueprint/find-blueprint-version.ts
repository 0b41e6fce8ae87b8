import { and, blueprints, blueprintVersions, desc, eq, not, type Executor } from "@ib/db";
import type { BlueprintBody, BlueprintMetadata, BlueprintVersion, ServiceSnapshots } from "./types";

/**
 * One version of a live blueprint of the org: `version` or, when absent, the latest. Undefined
 * when the blueprint is missing, deleted, another org's, or has no such version.
 */
export async function findBlueprintVersion(
  db: Executor,
  orgId: string,
  blueprintId: string,
  version?: number,
): Promise<BlueprintVersion | undefined> {
  const [row] = await db
    .select({
      id: blueprints.id,
      name: blueprints.name,
      description: blueprints.description,
      metadata: blueprints.metadata,
      versionId: blueprintVersions.id,
      version: blueprintVersions.version,
      body: blueprintVersions.body,
      serviceSnapshots: blueprintVersions.serviceSnapshots,
      createdAt: blueprintVersions.createdAt,
    })
    .from(blueprints)
    .innerJoin(blueprintVersions, eq(blueprintVersions.blueprintId, blueprints.id))
    .where(
      and(
        eq(blueprints.id, blueprintId),
        eq(blueprints.orgId, orgId),
        not(blueprints.deleted),
        version === undefined ? undefined : eq(blueprintVersions.version, version),
      ),
    )
    .orderBy(desc(blueprintVersions.version))
    .limit(1);
  if (!row) return undefined;
  return {
    ...row,
    description: row.description ?? "",
    metadata: (row.metadata as BlueprintMetadata | null) ?? null,
    body: row.body as BlueprintBody,
    serviceSnapshots: (row.serviceSnapshots as ServiceSnapshots | null) ?? null,
  };
}
