import type { SimApp } from "../context";
import { basePath, errorBody, serviceErrors } from "../errors";

const operations: [string, string, string][] = [
  ["post", "/compose", "postCompose"],
  ["get", "/composes/{id}", "getComposeStatus"],
  ["delete", "/composes/{id}", "deleteCompose"],
  ["get", "/composes/{id}/metadata", "getComposeMetadata"],
  ["get", "/distributions/{distro}", "getDistribution"],
  ["get", "/errors", "getErrorList"],
  ["get", "/errors/{id}", "getError"],
  ["get", "/openapi", "getOpenapi"],
];

/** A short OpenAPI document listing what the simulator serves. */
function openapiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, operationId] of operations) {
    paths[path] = { ...paths[path], [method]: { operationId, security: [{ Bearer: [] }], responses: { default: { description: "composer response" } } } };
  }
  return {
    openapi: "3.0.1",
    info: { version: "2", title: "OSBuild Composer cloud api (simulated)", description: "Simulated composer for development and tests." },
    servers: [{ url: basePath, description: "current domain" }],
    paths,
    components: { securitySchemes: { Bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
  };
}

const errorList = () =>
  Object.entries(serviceErrors).map(([id, [, reason]]) => {
    const { details: _details, ...body } = errorBody(id, reason);
    return body;
  });

export function registerMetaRoutes(app: SimApp): void {
  const document = openapiDocument();
  app.get(`${basePath}/openapi`, (c) => c.json(document));
  app.get(`${basePath}/errors`, (c) => {
    const items = errorList();
    return c.json({ kind: "ErrorList", page: 0, size: items.length, total: items.length, items });
  });
  app.get(`${basePath}/errors/:id`, (c) => {
    const entry = serviceErrors[Number(c.req.param("id")) as keyof typeof serviceErrors];
    if (!entry) return c.json(errorBody(21, "Requested resource doesn't exist", `error ${c.req.param("id")} not found`), 404);
    const { details: _details, ...body } = errorBody(c.req.param("id"), entry[1]);
    return c.json(body);
  });
}
