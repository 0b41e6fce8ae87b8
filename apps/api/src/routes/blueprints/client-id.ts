/**
 * Who asked for a compose of a blueprint, from the console's `X-ImageBuilder-ui` header:
 * `mcp` for the MCP server, any other value for the UI, no header for the API.
 */
export function clientIdFromHeader(value: string | undefined): "api" | "ui" | "mcp" {
  if (value === "mcp") return "mcp";
  return value ? "ui" : "api";
}
