import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { writePackageList } from "./package-list";

const usage = `Usage:
  catalog-tool package-list --distribution <name> --arch <x86_64|aarch64> --repo <id> --source <url|dir>
                            [--out <distribution dir>] [--cert <pem> --key <pem>] [--ca <pem>]

Reads the repository's repodata/repomd.xml and primary metadata (.xml, .gz, .zst, .xz, .bz2) and
writes <basename>-<arch>-<repo>-packages.json into the distribution's directory (by default
$DISTRIBUTIONS_DIR/<name>, else the project's distributions/<name>). --cert/--key/--ca give a
client certificate for repositories such as the RHEL CDN.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "package-list") {
    console.error(usage);
    return command === "--help" || command === "-h" ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      distribution: { type: "string" },
      arch: { type: "string" },
      repo: { type: "string" },
      source: { type: "string" },
      out: { type: "string" },
      cert: { type: "string" },
      key: { type: "string" },
      ca: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const { distribution, arch, repo, source } = values;
  if (!distribution || !arch || !repo || !source) {
    console.error(`package-list needs --distribution, --arch, --repo and --source\n\n${usage}`);
    return 2;
  }
  const read = (file?: string) => (file ? readFileSync(file) : undefined);
  const result = await writePackageList({
    distribution,
    arch,
    repo,
    source,
    out: values.out,
    tls: { cert: read(values.cert), key: read(values.key), ca: read(values.ca) },
  });
  console.log(`${result.file}: ${result.count} packages`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`catalog-tool: ${(err as Error).message}`);
    process.exit(1);
  },
);
