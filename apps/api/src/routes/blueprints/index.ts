import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerComposeBlueprint } from "./compose-blueprint";
import { registerCreateBlueprint } from "./create-blueprint";
import { registerDeleteBlueprint } from "./delete-blueprint";
import { registerExportBlueprint } from "./export-blueprint";
import { registerFixupBlueprint } from "./fixup-blueprint";
import { registerGetBlueprint } from "./get-blueprint";
import { registerListBlueprintComposes } from "./list-blueprint-composes";
import { registerListBlueprints } from "./list-blueprints";
import { registerUpdateBlueprint } from "./update-blueprint";

/** `/blueprints`: create, list, read, update, delete, export, compose, list its composes, and fix up (experimental). */
export function registerBlueprintRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerListBlueprints(api, deps);
  registerCreateBlueprint(api, deps);
  registerGetBlueprint(api, deps);
  registerUpdateBlueprint(api, deps);
  registerDeleteBlueprint(api, deps);
  registerExportBlueprint(api, deps);
  registerComposeBlueprint(api, deps);
  registerListBlueprintComposes(api, deps);
  registerFixupBlueprint(api, deps);
}
