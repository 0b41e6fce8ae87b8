export type { ComplianceClient, CompliancePolicy, ComplianceTailoring } from "./client";
export { createComplianceClient, type ComplianceClientOptions } from "./create-client";
export { resolveOpenscap, TAILORING_PATH } from "./resolve-openscap";
export { getPolicyCustomizations } from "./get-policy-customizations";
export { buildServiceSnapshots, lintBlueprint, type ServiceSnapshots } from "./blueprint-compliance";
export { lintCompliance, NO_TAILORING_LINT, type ComplianceLint, type LintItem } from "./lint-compliance";
export { parsePolicyBlueprint, type PolicyRequirements } from "./policy-requirements";
