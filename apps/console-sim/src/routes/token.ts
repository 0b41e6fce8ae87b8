import { randomBytes } from "node:crypto";
import type { SimApp } from "../context";

/**
 * An OAuth2 client-credentials token endpoint (`POST /token`) for the services behind one
 * (recommendations): any client id and secret get a bearer token.
 */
export function registerTokenRoute(app: SimApp, tokens: Set<string>): void {
  app.post("/token", async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (form.grant_type !== "client_credentials") return c.json({ error: "unsupported_grant_type" }, 400);
    const token = randomBytes(24).toString("base64url");
    tokens.add(token);
    return c.json({ access_token: token, token_type: "Bearer", expires_in: 900 });
  });
}
