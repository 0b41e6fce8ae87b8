import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { Package } from "@ib/core/catalog";
import { SaxesParser } from "saxes";

const fields = new Set(["name", "arch", "summary"]);

/**
 * The packages of a primary metadata stream, read as it arrives (a distribution's primary file
 * is tens of megabytes): one entry per binary package name, the first summary seen, sorted by
 * name. Source packages are left out.
 */
export async function readPrimaryPackages(xml: Readable): Promise<Package[]> {
  const parser = new SaxesParser();
  const byName = new Map<string, string>();
  let depth = 0;
  let packageDepth = -1;
  let field: string | undefined;
  let text = "";
  let current: Record<string, string> = {};

  parser.on("opentag", (tag) => {
    depth++;
    if (tag.name === "package" && packageDepth < 0) {
      packageDepth = depth;
      current = {};
    } else if (packageDepth > 0 && depth === packageDepth + 1 && fields.has(tag.name)) {
      field = tag.name;
      text = "";
    }
  });
  const collect = (t: string) => {
    if (field) text += t;
  };
  parser.on("text", collect);
  parser.on("cdata", collect);
  parser.on("closetag", (tag) => {
    if (field && tag.name === field) {
      current[field] = text.trim();
      field = undefined;
    }
    if (depth === packageDepth && tag.name === "package") {
      packageDepth = -1;
      const { name, arch, summary } = current;
      if (name && arch !== "src" && arch !== "nosrc" && !byName.has(name)) byName.set(name, summary ?? "");
    }
    depth--;
  });

  const decoder = new StringDecoder("utf8");
  for await (const chunk of xml) parser.write(decoder.write(chunk as Buffer));
  parser.write(decoder.end()).close();

  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, summary]) => ({ name, summary }));
}
