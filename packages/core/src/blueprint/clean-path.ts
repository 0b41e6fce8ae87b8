/**
 * Lexical path cleaning with Go's `path.Clean` semantics, which upstream uses to decide whether a
 * path is canonical: one slash between elements, no `.`, `..` resolved, no trailing slash.
 */
export function cleanPath(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const elements: string[] = [];
  for (const element of path.split("/")) {
    if (element === "" || element === ".") continue;
    if (element === "..") {
      if (elements.length > 0 && elements[elements.length - 1] !== "..") elements.pop();
      else if (!rooted) elements.push("..");
      continue;
    }
    elements.push(element);
  }
  const joined = elements.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}
