import { parse as parseToml } from "smol-toml";
import { z } from "zod";

/**
 * What a compliance policy requires of an image for one RHEL minor version: the customizations
 * of the blueprint (TOML) compliance serves as `tailoring_file.toml`. Lint, fixup and the
 * `policy_customizations` route all read this one model.
 */
export interface PolicyRequirements {
  /** `name`, `name-version` (a version other than `*`), modules likewise, `@group` for groups. */
  packages: string[];
  filesystems: { mountpoint: string; min_size: number }[];
  services: { enabled: string[]; masked: string[]; disabled: string[] };
  kernel: { name?: string; append: string[] };
  fips: boolean;
}

/** The policy's required customizations could not be read: compliance answered something else. */
export class PolicyBlueprintError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = "PolicyBlueprintError";
  }
}

const strings = z.array(z.string()).optional();
const namedVersion = z.looseObject({ name: z.string(), version: z.string().optional() });

const policyBlueprint = z.looseObject({
  packages: z.array(namedVersion).optional(),
  modules: z.array(namedVersion).optional(),
  groups: z.array(z.looseObject({ name: z.string() })).optional(),
  customizations: z
    .looseObject({
      filesystem: z
        .array(z.looseObject({ mountpoint: z.string(), minsize: z.union([z.number(), z.string()]).optional() }))
        .optional(),
      services: z.looseObject({ enabled: strings, disabled: strings, masked: strings }).optional(),
      kernel: z.looseObject({ name: z.string().optional(), append: z.string().optional() }).optional(),
      fips: z.boolean().optional(),
    })
    .optional(),
});

/** Bytes per unit for a blueprint's size strings (`"1 GiB"`, `"500 MB"`). */
const sizeUnits: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  KiB: 1024,
  MB: 1e6,
  MiB: 1024 ** 2,
  GB: 1e9,
  GiB: 1024 ** 3,
  TB: 1e12,
  TiB: 1024 ** 4,
};

function sizeInBytes(value: number | string | undefined, mountpoint: string): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value);
  const unit = m && (m[2] === "" ? 1 : sizeUnits[m[2]!]);
  if (!m || !unit) throw new PolicyBlueprintError(`mountpoint ${mountpoint}: size ${JSON.stringify(value)} is not a size`);
  return Math.round(Number(m[1]) * unit);
}

/** How the blueprint library names a package for installation: no version for `*` or none. */
const nameVersion = (p: { name: string; version?: string }) =>
  p.version && p.version !== "*" ? `${p.name}-${p.version}` : p.name;

/** Kernel command line parameters, one per whitespace-separated word. */
export const kernelParameters = (append: string | undefined) => (append ?? "").split(/\s+/).filter((p) => p !== "");

/** Reads compliance's `tailoring_file.toml`; anything that is not such a blueprint throws. */
export function parsePolicyBlueprint(text: string): PolicyRequirements {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (err) {
    throw new PolicyBlueprintError(`unable to parse blueprint for compliance policy: ${(err as Error).message}`, { cause: err });
  }
  const parsed = policyBlueprint.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyBlueprintError(`unable to parse blueprint for compliance policy: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const bp = parsed.data;
  const c = bp.customizations;
  return {
    packages: [
      ...(bp.packages ?? []).map(nameVersion),
      ...(bp.modules ?? []).map(nameVersion),
      ...(bp.groups ?? []).map((g) => `@${g.name}`),
    ],
    filesystems: (c?.filesystem ?? []).map((f) => ({ mountpoint: f.mountpoint, min_size: sizeInBytes(f.minsize, f.mountpoint) })),
    services: {
      enabled: c?.services?.enabled ?? [],
      masked: c?.services?.masked ?? [],
      disabled: c?.services?.disabled ?? [],
    },
    kernel: { ...(c?.kernel?.name ? { name: c.kernel.name } : {}), append: kernelParameters(c?.kernel?.append) },
    fips: c?.fips === true,
  };
}
