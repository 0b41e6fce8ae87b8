import { lastPageOffset } from "@ib/core/catalog";
import { LINK_PREFIX } from "./prefixes";

/** Go's `url.QueryEscape`: spaces as `+`, and `!'()*` escaped too. */
function queryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/**
 * `links.first` and `links.last` as upstream builds them: always under `/v1.0`, every query key
 * (the extras, `limit`, `offset`) sorted alphabetically and URL-encoded.
 */
export function paginationLinks(
  resource: string,
  limit: number,
  count: number,
  extra: Record<string, string | number | undefined> = {},
): { first: string; last: string } {
  const link = (offset: number) => {
    const params: Record<string, string> = { limit: String(limit), offset: String(offset) };
    for (const [key, value] of Object.entries(extra)) if (value !== undefined) params[key] = String(value);
    const query = Object.keys(params)
      .sort()
      .map((key) => `${queryEscape(key)}=${queryEscape(params[key]!)}`)
      .join("&");
    return `${LINK_PREFIX}/${resource}?${query}`;
  };
  return { first: link(0), last: link(lastPageOffset(count, limit)) };
}
