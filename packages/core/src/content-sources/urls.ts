/**
 * Joins path elements onto a base URL the way the upstream service does (Go's `URL.JoinPath`):
 * runs of slashes become one, `.`/`..` segments are resolved, a trailing slash of the last
 * element is kept.
 */
export function joinUrl(base: string, ...elements: string[]): string {
  const url = new URL(base);
  const joined = [url.pathname, ...elements].join("/");
  const trailing = /\/$/.test(elements.at(-1) ?? url.pathname);
  const segments: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  url.pathname = `/${segments.join("/")}${trailing && segments.length > 0 ? "/" : ""}`;
  return url.toString();
}

/** The path of a URL (`latest_snapshot_url`), or the text itself when it is a bare path. */
export function urlPath(value: string): string {
  try {
    return new URL(value).pathname;
  } catch {
    return value;
  }
}
