/** The org of an `x-rh-identity` header (base64 JSON), or undefined when it has none. */
export function orgOfIdentity(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const doc = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as {
      identity?: { org_id?: unknown; internal?: { org_id?: unknown } };
    };
    const org = doc.identity?.org_id ?? doc.identity?.internal?.org_id;
    return typeof org === "string" && org.trim() !== "" ? org : undefined;
  } catch {
    return undefined;
  }
}
