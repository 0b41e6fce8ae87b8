import { SaxesParser } from "saxes";

/** The location of the primary metadata (`repodata/<sum>-primary.xml.gz`) in `repomd.xml`. */
export function primaryLocation(repomd: string): string {
  const parser = new SaxesParser();
  let inPrimary = false;
  let href: string | undefined;
  parser.on("opentag", (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    if (tag.name === "data") inPrimary = attributes.type === "primary";
    else if (tag.name === "location" && inPrimary && href === undefined) href = attributes.href;
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "data") inPrimary = false;
  });
  parser.write(repomd).close();
  if (!href) throw new Error("repomd.xml names no primary metadata");
  return href;
}
