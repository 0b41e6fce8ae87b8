import { kernelParameters, type PolicyRequirements } from "./policy-requirements";

/** The customizations compliance rules read and fixup writes; the rest passes through untouched. */
export interface ComplianceCustomizations {
  packages?: string[];
  filesystem?: { mountpoint: string; min_size: number; [key: string]: unknown }[];
  services?: { enabled?: string[]; masked?: string[]; disabled?: string[]; [key: string]: unknown };
  kernel?: { name?: string; append?: string; [key: string]: unknown };
  fips?: { enabled?: boolean; [key: string]: unknown };
  openscap?: { policy_id?: string; profile_id?: string; [key: string]: unknown };
  [key: string]: unknown;
}

const missing = (required: readonly string[], present: readonly string[] | undefined) =>
  required.filter((item) => !(present ?? []).includes(item));

/**
 * `customizations` with everything the policy requires added (packages, mountpoints, services,
 * kernel name and parameters, FIPS); nothing is removed and other fields are kept as they are.
 */
export function applyPolicyFixes<C extends ComplianceCustomizations>(customizations: C, policy: PolicyRequirements): C {
  const out: ComplianceCustomizations = { ...customizations };
  const packages = missing(policy.packages, out.packages);
  if (packages.length > 0) out.packages = [...(out.packages ?? []), ...packages];

  const mountpoints = new Set((out.filesystem ?? []).map((f) => f.mountpoint));
  const filesystems = policy.filesystems.filter((f) => !mountpoints.has(f.mountpoint));
  if (filesystems.length > 0) out.filesystem = [...(out.filesystem ?? []), ...filesystems.map((f) => ({ ...f }))];

  for (const state of ["enabled", "masked", "disabled"] as const) {
    const services = missing(policy.services[state], out.services?.[state]);
    if (services.length > 0) out.services = { ...out.services, [state]: [...(out.services?.[state] ?? []), ...services] };
  }

  if (policy.kernel.name && out.kernel?.name !== policy.kernel.name) out.kernel = { ...out.kernel, name: policy.kernel.name };
  const parameters = missing(policy.kernel.append, kernelParameters(out.kernel?.append));
  if (parameters.length > 0) {
    out.kernel = { ...out.kernel, append: [out.kernel?.append?.trim(), ...parameters].filter(Boolean).join(" ") };
  }

  if (policy.fips && out.fips?.enabled !== true) out.fips = { ...out.fips, enabled: true };
  return out as C;
}

/** What the policy requires, as customizations: the answer of `policy_customizations`. */
export function policyCustomizations(policy: PolicyRequirements): ComplianceCustomizations {
  return applyPolicyFixes({}, policy);
}

/** The requirements a stored snapshot (customizations) recorded, to compare with today's. */
export function requirementsOf(customizations: ComplianceCustomizations): PolicyRequirements {
  return {
    packages: customizations.packages ?? [],
    filesystems: (customizations.filesystem ?? []).map((f) => ({ mountpoint: f.mountpoint, min_size: f.min_size })),
    services: {
      enabled: customizations.services?.enabled ?? [],
      masked: customizations.services?.masked ?? [],
      disabled: customizations.services?.disabled ?? [],
    },
    kernel: { ...(customizations.kernel?.name ? { name: customizations.kernel.name } : {}), append: kernelParameters(customizations.kernel?.append) },
    fips: customizations.fips?.enabled === true,
  };
}
