import { kernelParameters, type PolicyRequirements } from "./policy-requirements";
import { requirementsOf, type ComplianceCustomizations } from "./policy-customizations";

export interface LintItem {
  name: "Compliance";
  description: string;
}

export interface ComplianceLint {
  errors: LintItem[];
  warnings: LintItem[];
}

/** The lint error when compliance has no tailoring for the distribution's minor version. */
export const NO_TAILORING_LINT = "Compliance policy does not have a definition for the latest minor version";

const item = (description: string): LintItem => ({ name: "Compliance", description });
const states = ["enabled", "masked", "disabled"] as const;

/**
 * Upstream's compliance lint, texts exact: an error for each requirement of the policy the
 * blueprint does not meet (packages, mountpoints, services enabled/masked/disabled, kernel name
 * and parameters, FIPS), and a warning for each requirement of the stored snapshot the policy
 * no longer has. `policy` undefined: no tailoring for the minor version, one error and nothing else.
 */
export function lintCompliance(
  policy: PolicyRequirements | undefined,
  customizations: ComplianceCustomizations,
  snapshot?: ComplianceCustomizations,
): ComplianceLint {
  if (!policy) return { errors: [item(NO_TAILORING_LINT)], warnings: [] };
  return { errors: lintErrors(policy, customizations), warnings: snapshot ? lintWarnings(policy, requirementsOf(snapshot)) : [] };
}

function lintErrors(policy: PolicyRequirements, c: ComplianceCustomizations): LintItem[] {
  const errors: LintItem[] = [];
  for (const pkg of policy.packages) {
    if (!c.packages?.includes(pkg)) errors.push(item(`package ${pkg} required by policy is not present`));
  }
  for (const fs of policy.filesystems) {
    if (!c.filesystem?.some((f) => f.mountpoint === fs.mountpoint)) {
      errors.push(item(`mountpoint ${fs.mountpoint} required by policy is not present`));
    }
  }
  for (const state of states) {
    for (const service of policy.services[state]) {
      if (!c.services?.[state]?.includes(service)) {
        errors.push(item(`service ${service} required as ${state} by policy is not present`));
      }
    }
  }
  if (policy.kernel.name && c.kernel?.name !== policy.kernel.name) {
    errors.push(item(`kernel name ${policy.kernel.name} required by policy not set`));
  }
  const parameters = kernelParameters(c.kernel?.append);
  for (const parameter of policy.kernel.append) {
    if (!parameters.includes(parameter)) errors.push(item(`kernel command line parameter '${parameter}' required by policy not set`));
  }
  if (policy.fips && c.fips?.enabled !== true) errors.push(item("FIPS required 'true' by policy but not set"));
  return errors;
}

function lintWarnings(policy: PolicyRequirements, saved: PolicyRequirements): LintItem[] {
  const warnings: LintItem[] = [];
  for (const pkg of saved.packages) {
    if (!policy.packages.includes(pkg)) warnings.push(item(`package ${pkg} is no longer required by policy`));
  }
  for (const fs of saved.filesystems) {
    if (!policy.filesystems.some((f) => f.mountpoint === fs.mountpoint)) {
      warnings.push(item(`mountpoint ${fs.mountpoint} is no longer required by policy`));
    }
  }
  for (const state of states) {
    for (const service of saved.services[state]) {
      if (!policy.services[state].includes(service)) warnings.push(item(`service ${service} is no longer required as ${state} by policy`));
    }
  }
  if (saved.kernel.name && saved.kernel.name !== policy.kernel.name) {
    warnings.push(item(`kernel name ${saved.kernel.name} is no longer required by policy`));
  }
  for (const parameter of saved.kernel.append) {
    if (!policy.kernel.append.includes(parameter)) {
      warnings.push(item(`kernel command line parameter '${parameter}' is no longer required by policy`));
    }
  }
  if (saved.fips && !policy.fips) warnings.push(item("FIPS is no longer required by policy"));
  return warnings;
}
