/** The API's zod schemas, named as the components of the upstream OpenAPI document. */
export * from "./common";
export * from "./compose";
export * from "./customizations";
export * from "./distributions";
export * from "./image-request";
export * from "./upload";
export { uniqueStringArray } from "./unique";
