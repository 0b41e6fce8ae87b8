/** The command's own arguments: what follows the script, without the `--` pnpm passes on. */
export function commandArgs(argv: string[] = process.argv): string[] {
  return argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
}

/**
 * Parses a scenario command's options: a usage error or an unknown scenario exits 2 with the
 * usage, `--help` prints it and exits 0.
 */
export function parseScenarioCommand<T extends object>({
  parse,
  usage,
  ids,
  requested,
}: {
  parse: (args: string[]) => T | "help";
  usage: string;
  ids: string[];
  requested: (options: T) => string[];
}): T {
  let options: T | "help";
  try {
    options = parse(commandArgs());
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (options === "help") {
    console.log(usage);
    process.exit(0);
  }
  const unknown = requested(options).filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(", ")}\n\n${usage}`);
    process.exit(2);
  }
  return options;
}
