import type { StoredComposeRequest, StoredCustomizations } from "../composer-request/types";
import type { ServiceContext } from "../context";
import { createCompose } from "../compose/create-compose";
import { blueprintNotFound } from "./errors";
import { findBlueprintVersion } from "./find-blueprint-version";

export interface ComposeBlueprintInput {
  id: string;
  /** Only the image requests of these types; absent = all of them. */
  imageTypes?: readonly string[];
  /** Who asked: `ui`, `mcp` or `api`. */
  clientId: string;
}

/**
 * `POST /blueprints/{id}/compose`: one compose per selected image request of the latest version,
 * each through `createCompose` (its own quota unit and transaction). The first failure stops the
 * loop and is thrown; composes created before it remain.
 */
export async function composeBlueprint({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ComposeBlueprintInput;
}): Promise<{ id: string }[]> {
  const blueprint = await findBlueprintVersion(ctx.services.db, ctx.identity.orgId, input.id);
  if (!blueprint) throw blueprintNotFound();
  const { customizations, distribution, bootc, image_requests } = blueprint.body;
  const selected = input.imageTypes
    ? image_requests.filter((ir) => input.imageTypes!.includes(ir.image_type))
    : image_requests;

  const created: { id: string }[] = [];
  for (const imageRequest of selected) {
    // Image mode wins when a blueprint names both a bootc reference and a distribution.
    const request = {
      ...(bootc ? { bootc } : { distribution }),
      image_name: blueprint.name,
      image_description: blueprint.description,
      client_id: input.clientId,
      image_requests: [imageRequest],
      // Validated by the same Customizations schema as a compose's when the blueprint was saved.
      customizations: customizations as StoredCustomizations,
    } satisfies StoredComposeRequest;
    const { id } = await createCompose({
      ctx,
      input: { request, clientId: input.clientId, blueprintVersionId: blueprint.versionId, blueprintId: blueprint.id },
    });
    created.push({ id });
  }
  return created;
}
