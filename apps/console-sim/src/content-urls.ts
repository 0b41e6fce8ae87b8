import type { Fixture } from "./fixture";

/** `contentHost` + `contentPrefix` + `path`, with single slashes and a trailing one (pulp's form). */
export function contentUrl(fixture: Fixture, path: string): string {
  const prefix = fixture.contentPrefix.replace(/^\/*/, "/").replace(/\/+$/, "");
  return `${fixture.contentHost.replace(/\/+$/, "")}${prefix}/${path.replace(/^\/+/, "").replace(/\/+$/, "")}/`;
}
