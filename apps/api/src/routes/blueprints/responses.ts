import { HTTPErrorList } from "../../schemas";

/** A JSON response entry for a route definition. */
export function jsonContent<S>(description: string, schema: S) {
  return { description, content: { "application/json": { schema } } };
}

/** 304 of a read with an ETag. */
export const notModified = { 304: { description: "not modified: `If-None-Match` names the current ETag" } };

/** 422: rule violations and name clashes, each item with its own title. */
export const unprocessable = { 422: jsonContent("blueprint is malformed", HTTPErrorList) };
